namespace AlignLab.Methods.Irl;

/// <summary>
/// Diagnostics at one reward step k (never charged to the cost meter): the exact likelihood L(θ_k) of the reward's
/// soft-optimal policy and its gap to L*, ‖∇L(θ_k)‖², the tracking error max_s KL(π_θk ‖ π_{k+1}), the normalised
/// true return of the learner's policy π_{k+1}, and the cumulative cost when the step was taken.
/// </summary>
public sealed record MlIrlPoint(int Iteration, long Backups, long CriticUpdates, long EnvironmentSteps,
                                double Likelihood, double Gap, double GradientNormSquared, double TrackingError, double NormalizedReturn);

/// <summary>The outcome of one ML-IRL run: the trace, the final metrics and the learned reward table.</summary>
public sealed record MlIrlResult(
    string Algorithm, string Reward, IReadOnlyList<MlIrlPoint> Trace, MlIrlPoint Final,
    double RewardCorrelation, double[] RewardTable, double[] LogPolicy, CostMeter Cost, double BestLikelihood, TimeSpan Elapsed)
{
    /// <summary>(1/n) Σ of a trace column over the recorded steps.</summary>
    public double Average(Func<MlIrlPoint, double> column)
    {
        double sum = 0;
        foreach (var p in Trace) sum += column(p);
        return sum / Trace.Count;
    }
}
