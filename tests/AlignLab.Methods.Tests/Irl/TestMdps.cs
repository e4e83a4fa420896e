using AlignLab.Core;
using AlignLab.Methods.Irl;

namespace AlignLab.Methods.Tests.Irl;

internal static class TestMdps
{
    /// <summary>A 3-state, 2-action MDP small enough to brute-force.</summary>
    public static FiniteMdp Three()
    {
        double[] p =
        [
            0.9, 0.1, 0.0, /**/ 0.2, 0.8, 0.0,
            0.0, 0.5, 0.5, /**/ 0.7, 0.0, 0.3,
            0.3, 0.0, 0.7, /**/ 0.0, 0.4, 0.6,
        ];
        return new FiniteMdp(3, 2, 0.8, p, [0.5, 0.3, 0.2], trueReward: [1.0, -0.5, 0.0, 0.7, -1.0, 2.0]);
    }

    public static FiniteMdp Random(int seed = 3, int states = 6, int actions = 3) => RandomMdp.Create(states, actions, 0.85, new Generator((ulong)seed));

    /// <summary>L(θ) of a model at its current parameters, with a tight solve.</summary>
    public static double Likelihood(Demonstrations demos, IRewardModel model)
    {
        var table = new double[demos.Mdp.StateCount * demos.Mdp.ActionCount];
        model.Evaluate(table);
        var q = SoftBellman.OptimalQ(demos.Mdp, table, 1e-14);
        return DemonstrationLikelihood.LogLikelihood(demos, SoftBellman.LogPolicy(q, demos.Mdp.ActionCount));
    }

    public static double[] ExactGradient(Demonstrations demos, IRewardModel model)
    {
        var table = new double[demos.Mdp.StateCount * demos.Mdp.ActionCount];
        model.Evaluate(table);
        var q = SoftBellman.OptimalQ(demos.Mdp, table, 1e-14);
        return DemonstrationLikelihood.Gradient(demos, SoftBellman.LogPolicy(q, demos.Mdp.ActionCount), model);
    }

    /// <summary>Central differences of f with respect to each parameter of the model.</summary>
    public static double[] FiniteDifferences(IRewardModel model, Func<double> f, double h = 1e-5)
    {
        var theta = model.Parameters;
        var g = new double[theta.Length];
        for (int i = 0; i < g.Length; i++)
        {
            double keep = model.Parameters[i];
            model.Parameters[i] = keep + h;
            double up = f();
            model.Parameters[i] = keep - h;
            double down = f();
            model.Parameters[i] = keep;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    public static void Randomize(IRewardModel model, Generator random, double scale = 1)
    {
        var theta = model.Parameters;
        for (int i = 0; i < theta.Length; i++) theta[i] += scale * random.NextGaussian();
    }
}
