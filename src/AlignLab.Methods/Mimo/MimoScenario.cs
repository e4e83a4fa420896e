namespace AlignLab.Methods.Mimo;

/// <summary>Which channel generator a scenario draws from.</summary>
public enum ChannelModel { Uniform, Clustered }

/// <summary>
/// One operating point: array sizes, true and assumed path counts, quantizer, number of measurements R
/// (feedback bits = R·b), channel model, pilot noise, and the estimators' settings.
/// </summary>
public sealed record MimoScenario(int Rows, int Columns, int Paths, int Measurements, QuantizerSettings Quantizer,
                                  int? ModelPaths = null, ChannelModel Channel = ChannelModel.Uniform, double? PilotSnrDb = null,
                                  double BeamformingSnrDb = 10, RedeemSettings? Redeem = null, int SparseOversampling = 2,
                                  double SparsePenalty = 0.1, int SparseIterations = 300)
{
    public int Model => ModelPaths ?? Paths;
    public int FeedbackBits => Measurements * Quantizer.Bits;

    /// <summary>A scenario at a feedback-bit budget; the budget must be a multiple of the bits per measurement.</summary>
    public static MimoScenario ForFeedbackBits(int rows, int columns, int paths, int feedbackBits, QuantizerSettings quantizer)
    {
        if (feedbackBits < quantizer.Bits || feedbackBits % quantizer.Bits != 0)
            throw new ArgumentException($"feedback bits ({feedbackBits}) must be a positive multiple of the bits per measurement ({quantizer.Bits}).", nameof(feedbackBits));
        return new MimoScenario(rows, columns, paths, feedbackBits / quantizer.Bits, quantizer);
    }

    public void Validate()
    {
        if (Rows < 1 || Columns < 1) throw new ArgumentException($"array {Rows}x{Columns} must be positive.");
        if (Paths < 1) throw new ArgumentException($"paths must be >= 1, got {Paths}.", nameof(Paths));
        if (Model < 1) throw new ArgumentException($"model paths must be >= 1, got {Model}.", nameof(ModelPaths));
        if (Measurements < 1) throw new ArgumentException($"measurements must be >= 1, got {Measurements}.", nameof(Measurements));
        if (Paths > Math.Min(Rows, Columns)) throw new ArgumentException($"paths ({Paths}) must not exceed min(Nr, Nt) = {Math.Min(Rows, Columns)} for K-stream beamforming.", nameof(Paths));
        Quantizer.Validate();
        (Redeem ?? new RedeemSettings()).Validate();
    }

    public IChannelGenerator CreateGenerator() => Channel switch
    {
        ChannelModel.Uniform => new UlaChannelGenerator(Rows, Columns, Paths),
        ChannelModel.Clustered => new ClusteredChannelGenerator(Rows, Columns, Paths),
        _ => throw new ArgumentException($"unknown channel model {Channel}."),
    };

    public IChannelEstimator CreateEstimator(MimoMethod method) => method switch
    {
        MimoMethod.Redeem => new RedeemEstimator(Redeem),
        MimoMethod.LeastSquares => new LeastSquaresEstimator(),
        MimoMethod.LsRelax => new LsRelaxEstimator((Redeem ?? new RedeemSettings()).Relax),
        MimoMethod.SparseMle => new SparseGridMleEstimator(SparseOversampling, SparsePenalty, SparseIterations),
        MimoMethod.UnstructuredMle => new UnstructuredMleEstimator(),
        _ => throw new ArgumentException($"{method} does not estimate from feedback."),
    };
}
