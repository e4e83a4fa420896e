using AlignLab.Core;

namespace AlignLab.Methods.Irl;

/// <summary>
/// Random finite MDPs for tests and sanity checks: each (s, a) moves to <c>successors</c> distinct random states with
/// probabilities drawn from a flat Dirichlet, η is uniform, the true reward is a state-only N(0, 1) draw, features one-hot.
/// </summary>
public static class RandomMdp
{
    public static FiniteMdp Create(int states, int actions, double gamma, Generator random, int successors = 3)
    {
        if (successors < 1 || successors > states) throw new ArgumentException($"successors: {successors} must be in [1, {states}]");
        var transitions = new double[states * actions * states];
        var pick = new int[states];
        for (int row = 0; row < states * actions; row++)
        {
            for (int i = 0; i < states; i++) pick[i] = i;
            double total = 0;
            var weights = new double[successors];
            for (int k = 0; k < successors; k++)
            {
                int j = random.NextInt(k, states);
                (pick[k], pick[j]) = (pick[j], pick[k]);
                weights[k] = -Math.Log(1 - random.NextDouble()); // Exp(1) draws normalised = flat Dirichlet
                total += weights[k];
            }
            for (int k = 0; k < successors; k++) transitions[row * states + pick[k]] += weights[k] / total;
        }
        var start = new double[states];
        Array.Fill(start, 1.0 / states);
        var reward = new double[states];
        for (int s = 0; s < states; s++) reward[s] = random.NextGaussian();
        return new FiniteMdp(states, actions, gamma, transitions, start, trueReward: FiniteMdp.StateToStateAction(reward, actions));
    }
}
