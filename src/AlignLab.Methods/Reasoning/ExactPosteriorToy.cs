using AlignLab.Core;
using AlignLab.Core.Optim;
using AlignLab.Models.Policy;

namespace AlignLab.Methods.Reasoning;

/// <summary>Settings of the enumerable toy's ψ-step.</summary>
public sealed record ToySettings
{
    public int Steps { get; init; } = 1000;
    public int GroupsPerStep { get; init; } = 16;
    public int SamplesPerGroup { get; init; } = 4;
    public float LearningRate { get; init; } = 0.05f;
    /// <summary>The rate decays as lr / (1 + step / DecaySteps) so the stochastic iterate settles on the optimum.</summary>
    public double DecaySteps { get; init; } = 300;
    public float KlCoefficient { get; init; } = 1f;
}

/// <summary>
/// Sixteen enumerable rationales z with a categorical prior P_θ(z) and a terminal reward R(z) = log P(y* | z). The
/// KL-regularised objective E_Q[R] − KL(Q ‖ P_θ) has the exact optimum Q* = P_θ·e^R / Z = P_θ(z | y*), the posterior;
/// the toy runs the same RLOO ψ-step as the language model on a softmax Q and measures how close it gets.
/// </summary>
public sealed class ExactPosteriorToy
{
    public const int Rationales = 16;

    public ExactPosteriorToy(double[] prior, double[] answerLikelihood)
    {
        if (prior.Length != Rationales || answerLikelihood.Length != Rationales)
            throw new ArgumentException($"prior and answerLikelihood must have {Rationales} entries, got {prior.Length} and {answerLikelihood.Length}");
        if (Math.Abs(prior.Sum() - 1) > 1e-9 || prior.Any(p => !(p > 0))) throw new ArgumentException("prior must be positive and sum to 1");
        if (answerLikelihood.Any(p => !(p > 0) || p > 1)) throw new ArgumentException("answerLikelihood entries must be in (0, 1]");
        Prior = prior;
        AnswerLikelihood = answerLikelihood;
    }

    public double[] Prior { get; }
    /// <summary>P(y* | z) per rationale.</summary>
    public double[] AnswerLikelihood { get; }

    /// <summary>A random instance: a peaked prior and answer likelihoods spread over several orders of magnitude.</summary>
    public static ExactPosteriorToy Random(Generator generator)
    {
        var logits = new double[Rationales];
        var likelihood = new double[Rationales];
        for (int z = 0; z < Rationales; z++)
        {
            logits[z] = 1.0 * generator.NextGaussian();
            likelihood[z] = Math.Exp(-4 * generator.NextDouble());
        }
        return new ExactPosteriorToy(Softmax(logits), likelihood);
    }

    /// <summary>P_θ(z | y*) ∝ P_θ(z)·P(y* | z), or with a general KL coefficient β, ∝ P_θ(z)·P(y* | z)^(1/β).</summary>
    public double[] Posterior(double klCoefficient = 1)
    {
        var logits = new double[Rationales];
        for (int z = 0; z < Rationales; z++) logits[z] = Math.Log(Prior[z]) + Math.Log(AnswerLikelihood[z]) / klCoefficient;
        return Softmax(logits);
    }

    public static double TotalVariation(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        double sum = 0;
        for (int i = 0; i < p.Count; i++) sum += Math.Abs(p[i] - q[i]);
        return sum / 2;
    }

    /// <summary>Runs the ψ-step from Q = P_θ; returns Q after every <paramref name="recordEvery"/> steps (and at the end).</summary>
    public IReadOnlyList<(int Step, double[] Q)> RunPsiStep(ToySettings settings, Generator generator, int recordEvery = 100, CancellationToken cancel = default)
    {
        var prior = Prior.Select(p => (float)Math.Log(p)).ToArray();
        var logits = Tensor.FromArray((float[])prior.Clone(), Rationales).RequireGrad();
        var optimizer = new Adam([logits], settings.LearningRate);
        var trace = new List<(int, double[])> { (0, Current(logits)) };
        int rows = settings.GroupsPerStep * settings.SamplesPerGroup;
        var picks = new int[rows];
        var rewards = new float[rows];
        var reference = new float[rows];
        for (int step = 1; step <= settings.Steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            optimizer.LearningRate = (float)(settings.LearningRate / (1 + step / settings.DecaySteps));
            var q = Current(logits);
            for (int r = 0; r < rows; r++)
            {
                picks[r] = Draw(q, generator.NextDouble());
                rewards[r] = (float)Math.Log(AnswerLikelihood[picks[r]]);
                reference[r] = prior[picks[r]];
            }
            var logProbs = logits.LogSoftmax(0).IndexSelect(0, new IntTensor((int[])picks.Clone(), rows));
            var loss = Rloo.Loss(logProbs, rewards, settings.SamplesPerGroup, Tensor.FromArray((float[])reference.Clone(), rows), settings.KlCoefficient, KlPenalty.InReward);
            optimizer.ZeroGrad();
            loss.Loss.Backward();
            optimizer.Step();
            if (step % recordEvery == 0 || step == settings.Steps) trace.Add((step, Current(logits)));
        }
        return trace;
    }

    private static double[] Current(Tensor logits)
    {
        var values = logits.Detach().ToArray();
        return Softmax(values.Select(v => (double)v).ToArray());
    }

    private static int Draw(double[] q, double u)
    {
        double c = 0;
        for (int z = 0; z < q.Length; z++)
        {
            c += q[z];
            if (u < c) return z;
        }
        return q.Length - 1;
    }

    private static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }
}
