using AlignLab.Core;
using System.Diagnostics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// One Monte-Carlo trial: draw a channel, produce each needed scheme's quantized feedback, run every arm on it and
/// score it. Randomness comes from the trial's own seed only: the channel from stream (seed, point, 0), scheme s's
/// pilots/sketch/dither from (seed, point, s), so every arm sees the same channel and adding an arm changes nothing
/// else. <paramref name="trial"/> only labels the record.
/// Seconds are the base station's: the arm's own work plus the MMᵀ product it shares with the other arms.
/// <paramref name="seedPoint"/> (default: the point) lets several points share channels and feedback draws, so
/// settings can be compared on the same trials.
/// </summary>
public static class MimoTrial
{
    public static TrialRecord[] Run(MimoScenario scenario, IReadOnlyList<MimoArm> arms, int seed, int point, int trial,
                                    Action<MimoArm, ChannelMatrix, ChannelEstimate>? observe = null, int? seedPoint = null)
    {
        scenario.Validate();
        int streamPoint = seedPoint ?? point;
        var generator = scenario.CreateGenerator();
        var truePaths = generator.DrawPaths(Stream(seed, streamPoint, 0));
        var truth = MultipathChannel.Synthesize(scenario.Rows, scenario.Columns, truePaths);
        double energy = truth.FrobeniusNormSquared();
        var quantizer = new FeedbackQuantizer(scenario.Quantizer);
        var inputs = new Dictionary<int, (BaseStationInput Input, double GramSeconds)>();
        var records = new TrialRecord[arms.Count];
        for (int a = 0; a < arms.Count; a++)
        {
            var arm = arms[a];
            if (!inputs.TryGetValue(arm.Scheme, out var prepared))
                inputs[arm.Scheme] = prepared = Feedback(scenario, arm.Scheme, quantizer, truth, seed, streamPoint);
            var (input, gramSeconds) = prepared;
            var clock = Stopwatch.StartNew();
            var estimate = arm.Method == MimoMethod.Oracle
                ? new OracleEstimator(scenario.Redeem?.Relax).Estimate(truth, scenario.Model)
                : scenario.CreateEstimator(arm.Method).Estimate(input);
            double seconds = clock.Elapsed.TotalSeconds + (arm.Method == MimoMethod.Oracle ? 0 : gramSeconds);
            observe?.Invoke(arm, truth, estimate);
            var gains = ChannelMetrics.Beamforming(truth, estimate.Channel, scenario.Paths, scenario.BeamformingSnrDb);
            double angle = estimate.Paths is { Length: > 0 } p ? AngleError.RmseDegrees(truePaths, p) : double.NaN;
            var budget = input.Feedback.Budget;
            records[a] = new TrialRecord(arm.Label, point, trial, ChannelMetrics.Nmse(truth, estimate.Channel), gains.StreamGain,
                                         gains.SingleStreamGain, gains.Rate, angle, seconds, estimate.Iterations, energy,
                                         budget.FeedbackBits, budget.SideInformationBits, budget.TrainingLength);
        }
        return records;
    }

    /// <summary>Stream <paramref name="stream"/> of a trial's point: 0 draws the channel, s the draws of scheme s.</summary>
    public static Generator Stream(int seed, int point, int stream) =>
        new Generator(checked((ulong)seed)).Fork(checked((ulong)point)).Fork(checked((ulong)stream));

    private static (BaseStationInput, double) Feedback(MimoScenario scenario, int scheme, FeedbackQuantizer quantizer, ChannelMatrix truth,
                                                       int seed, int point)
    {
        var rng = Stream(seed, point, scheme);
        var sketch = FeedbackSchemes.Create(scheme, scenario.PilotSnrDb).Sketch(truth, scenario.Measurements, rng);
        var feedback = quantizer.Quantize(sketch.Measurements, sketch.TrainingLength, rng);
        var input = new BaseStationInput(scenario.Rows, scenario.Columns, sketch.Sensing, feedback, scenario.Model);
        var clock = Stopwatch.StartNew();
        _ = input.Gram;
        return (input, clock.Elapsed.TotalSeconds);
    }
}
