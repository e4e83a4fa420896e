namespace AlignLab.Methods.Mimo;

/// <summary>
/// Everything the base station has for one feedback: the array shape, the sensing matrix (known from a shared seed),
/// the received bins with the side information, and the number of paths it assumes (K_model).
/// Caches MMᵀ so several estimators on the same feedback pay for it once (not thread-safe).
/// </summary>
public sealed class BaseStationInput
{
    private double[]? _gram;

    public BaseStationInput(int rows, int columns, SensingMatrix sensing, QuantizedFeedback feedback, int modelPaths)
    {
        if (sensing.Columns != 2 * rows * columns)
            throw new ArgumentException($"sensing matrix has {sensing.Columns} columns, expected 2*{rows}*{columns} = {2 * rows * columns}.", nameof(sensing));
        if (feedback.Measurements != sensing.Rows)
            throw new ArgumentException($"feedback has {feedback.Measurements} measurements, sensing matrix {sensing.Rows} rows.", nameof(feedback));
        if (modelPaths < 1) throw new ArgumentException($"model paths must be >= 1, got {modelPaths}.", nameof(modelPaths));
        Rows = rows; Columns = columns; Sensing = sensing; Feedback = feedback; ModelPaths = modelPaths;
    }

    public int Rows { get; }
    public int Columns { get; }
    public SensingMatrix Sensing { get; }
    public QuantizedFeedback Feedback { get; }
    public int ModelPaths { get; }

    public double[] Gram => _gram ??= Sensing.Gram();

    /// <summary>A scaled-unit vector (length P) turned into a channel in the original units (divided by the scale c).</summary>
    public ChannelMatrix Unscale(double[] scaledVector)
    {
        var h = ChannelMatrix.FromVector(Rows, Columns, scaledVector);
        return h.Scaled(1.0 / Feedback.Scale);
    }
}

/// <summary>An estimate in the original units, with the paths when the method produces them.</summary>
public sealed record ChannelEstimate(ChannelMatrix Channel, PropagationPath[]? Paths = null, int Iterations = 0, RedeemTrace? Trace = null);

/// <summary>A base-station channel estimator working from quantized feedback.</summary>
public interface IChannelEstimator
{
    string Name { get; }
    ChannelEstimate Estimate(BaseStationInput input);
}
