namespace AlignLab.Methods.Irl;

/// <summary>
/// Diagnostics at one reward step k (never charged to the cost meter): the exact likelihood L(θ_k) of the reward's
/// soft-optimal policy π_θk and its gap to the state-only optimum L_opt (L* for state-action rewards), ‖∇_θ L(θ_k)‖²,
/// the tracking error max_s KL(π_θk ‖ π_{k+1}), KL(π_E ‖ π_θk) under the expert's occupancy, the normalised true
/// return of the learner's policy π_{k+1}, and the cumulative cost when the step was taken.
/// </summary>
public sealed record MlIrlPoint(int Iteration, long Backups, long CriticUpdates, long EnvironmentSteps,
                                double Likelihood, double Gap, double GradientNormSquared, double TrackingError, double NormalizedReturn,
                                double ExpertKl);

/// <summary>
/// The outcome of one ML-IRL run: the trace, the final metrics, whether the tolerance was reached, the reference
/// likelihoods of the demonstrations and the learned reward table.
/// </summary>
public sealed record MlIrlResult(
    string Algorithm, string Reward, IReadOnlyList<MlIrlPoint> Trace, MlIrlPoint Final, bool Converged,
    double RewardCorrelation, double RewardScale, double WeightChange, double[] RewardTable, double[] LogPolicy, CostMeter Cost,
    LikelihoodBounds Bounds, TimeSpan Elapsed)
{
    /// <summary>The optimum the gaps are measured to: L_opt for state-only rewards, L* for state-action ones.</summary>
    public double Optimum => Final.Likelihood + Final.Gap;

    /// <summary>(1/n) Σ of a trace column over the recorded steps.</summary>
    public double Average(Func<MlIrlPoint, double> column)
    {
        double sum = 0;
        foreach (var p in Trace) sum += column(p);
        return sum / Trace.Count;
    }
}
