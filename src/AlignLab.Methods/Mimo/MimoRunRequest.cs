using AlignLab.Methods.Mimo.Experiments;
using AlignLab.Reports;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// Trials of one estimator at one operating point, from the library or the command line (<c>alignlab mimo run</c>):
/// the same trial runner and summaries as the experiments. Defaults are the official code's (3-bit, no dither added,
/// E-step floor 1e-3, ρ = 1) on the small 12×16, K = 4 array.
/// </summary>
public sealed record MimoRunRequest
{
    public MimoMethod Method { get; init; } = MimoMethod.Redeem;
    /// <summary>1: the UE sketches its channel estimate; 2: it sketches each received pilot.</summary>
    public int Scheme { get; init; } = 1;
    public int Nr { get; init; } = 12;
    public int Nt { get; init; } = 16;
    public int Paths { get; init; } = 4;
    /// <summary>Paths assumed by the base station (null: the true count).</summary>
    public int? ModelPaths { get; init; }
    public int BitsPerMeasurement { get; init; } = 3;
    /// <summary>R·b; a multiple of <see cref="BitsPerMeasurement"/>.</summary>
    public int FeedbackBits { get; init; } = 300;
    public SeedRange Seeds { get; init; } = new(1000, 30);
    /// <summary>Gaussian dither at this SNR (dB), modelled exactly; null: the code's default (none added).</summary>
    public double? DitherSnrDb { get; init; }
    public ChannelModel Channel { get; init; } = ChannelModel.Uniform;
    /// <summary>Pilot SNR (dB) at the UE; null: noise-free.</summary>
    public double? PilotSnrDb { get; init; }
    public double EStepFloor { get; init; } = 1e-3;
    public double Rho { get; init; } = 1;

    public MimoArm Arm => Scheme is 1 or 2 ? MimoArm.Of(Method, Scheme) : throw new ArgumentException($"scheme must be 1 or 2, got {Scheme}.", nameof(Scheme));

    public MimoScenario Scenario()
    {
        var quantizer = DitherSnrDb is double snr ? new QuantizerSettings(BitsPerMeasurement, DitherMode.Gaussian, snr) : new QuantizerSettings(BitsPerMeasurement);
        var scenario = MimoScenario.ForFeedbackBits(Nr, Nt, Paths, FeedbackBits, quantizer) with
        {
            ModelPaths = ModelPaths, Channel = Channel, PilotSnrDb = PilotSnrDb,
            Redeem = new RedeemSettings(Rho: Rho, MinIntervalProbability: EStepFloor),
        };
        scenario.Validate();
        return scenario;
    }

    /// <summary>Runs the trials; <see cref="MimoRunResult.Metrics"/> is what the CLI prints as JSON.</summary>
    public MimoRunResult Run(int threads = 1, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        var scenario = Scenario();
        var sweep = MimoSweep.Run([scenario], [Arm], Seeds, threads, pairedTrials: false, progress, cancel);
        return new MimoRunResult(this, scenario, sweep.Summaries[0], sweep.Records);
    }
}

/// <summary>The outcome of a <see cref="MimoRunRequest"/>: the point's summary and every trial's record.</summary>
public sealed record MimoRunResult(MimoRunRequest Request, MimoScenario Scenario, PointSummary Summary, IReadOnlyList<TrialRecord> Trials)
{
    /// <summary>The summary with the operating point, snake_case keys (NaN, e.g. no angle RMSE for LS, is written as null).</summary>
    public Dictionary<string, object?> Metrics() => new()
    {
        ["method"] = Request.Method.CliName(), ["scheme"] = Request.Scheme, ["nr"] = Scenario.Rows, ["nt"] = Scenario.Columns,
        ["paths"] = Scenario.Paths, ["model_paths"] = Scenario.Model, ["channel"] = Scenario.Channel.ToString().ToLowerInvariant(),
        ["bits"] = Scenario.Quantizer.Bits, ["measurements"] = Scenario.Measurements, ["feedback_bits"] = Summary.FeedbackBits,
        ["side_information_bits"] = Summary.SideInformationBits, ["total_bits"] = Summary.FeedbackBits + Summary.SideInformationBits,
        ["training_length"] = Summary.TrainingLength,
        ["dither"] = Request.DitherSnrDb is double snr ? $"gaussian {Format.G(snr)} dB" : "none (code default)",
        ["trials"] = Summary.Trials, ["seeds"] = Request.Seeds.ToString(), ["nmse"] = Summary.MeanNmse, ["nmse_db"] = Summary.NmseDb,
        ["nmse_db_err"] = Summary.NmseDbError, ["bgain"] = Summary.StreamGain, ["bgain_err"] = Summary.StreamGainError,
        ["single_stream_gain"] = Summary.SingleStreamGain, ["rate"] = Summary.Rate, ["angle_rmse_deg"] = Summary.AngleRmseDegrees,
        ["rho"] = Request.Rho, ["estep_floor"] = Request.EStepFloor, ["seconds_per_trial"] = Summary.Seconds, ["iterations"] = Summary.Iterations,
    };
}
