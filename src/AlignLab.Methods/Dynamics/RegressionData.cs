using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// N input sequences X_i ∈ R^{n×D} with per-token regression targets y_i ∈ R^{n×OutputDim}, stored flat
/// (sequence-major, then token, then feature).
/// </summary>
public sealed class RegressionData
{
    public int Sequences { get; }
    public int Tokens { get; }
    public int EmbeddingDim { get; }
    public int OutputDim { get; }
    public double[] Inputs { get; }
    public double[] Targets { get; }

    public RegressionData(int sequences, int tokens, int embeddingDim, int outputDim, double[] inputs, double[] targets)
    {
        if (sequences <= 0 || tokens <= 0 || embeddingDim <= 0 || outputDim <= 0)
            throw new ArgumentException($"sizes: sequences={sequences}, tokens={tokens}, embeddingDim={embeddingDim}, outputDim={outputDim} must all be positive");
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Length != sequences * tokens * embeddingDim)
            throw new ArgumentException($"inputs: expected {sequences}×{tokens}×{embeddingDim} values, got {inputs.Length}", nameof(inputs));
        if (targets.Length != sequences * tokens * outputDim)
            throw new ArgumentException($"targets: expected {sequences}×{tokens}×{outputDim} values, got {targets.Length}", nameof(targets));
        Sequences = sequences;
        Tokens = tokens;
        EmbeddingDim = embeddingDim;
        OutputDim = outputDim;
        Inputs = inputs;
        Targets = targets;
    }

    /// <summary>Total number of scalar targets, N·n·OutputDim (the "Nn" of the theory for scalar outputs).</summary>
    public int TargetCount => Targets.Length;

    /// <summary>
    /// ½‖y‖², the loss of the predictor that outputs zero: the energy of the targets. Losses divided by it compare
    /// across models whose starting losses differ (f/f0 does not: a model that starts badly makes any end look good).
    /// </summary>
    public double ZeroPredictorLoss => 0.5 * System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(Targets);

    /// <summary>Root mean square of the targets.</summary>
    public double TargetRms => Math.Sqrt(2 * ZeroPredictorLoss / Targets.Length);

    public ReadOnlySpan<double> Input(int sequence) => Inputs.AsSpan(sequence * Tokens * EmbeddingDim, Tokens * EmbeddingDim);

    public ReadOnlySpan<double> Target(int sequence) => Targets.AsSpan(sequence * Tokens * OutputDim, Tokens * OutputDim);

    /// <summary>X entries i.i.d. N(0, 1/D), so token embeddings have norm ≈ 1 whatever D is.</summary>
    public static double[] GaussianInputs(int sequences, int tokens, int embeddingDim, Generator random)
    {
        var x = new double[sequences * tokens * embeddingDim];
        random.FillNormal(x, 1.0 / Math.Sqrt(embeddingDim));
        return x;
    }
}
