namespace AlignLab.Methods.Irl;

/// <summary>
/// Ground-truth scoring on one MDP: true discounted return J(π) = η·V^π under r* (no entropy), normalised as
/// (J(π) − J(uniform)) / (J(expert) − J(uniform)) with the expert soft-optimal for r* in this MDP, and the
/// centred (Pearson) correlation of a reward table with r*, its scale relative to r*, and the expert's KL to a policy.
/// NaN when the MDP has no true reward.
/// </summary>
public sealed class IrlEvaluation
{
    public FiniteMdp Mdp { get; }
    public double ExpertReturn { get; }
    public double UniformReturn { get; }
    public double[] ExpertLogPolicy { get; }
    private readonly double[] _expertStates = [];

    public IrlEvaluation(FiniteMdp mdp)
    {
        Mdp = mdp;
        if (!mdp.HasTrueReward)
        {
            ExpertReturn = UniformReturn = double.NaN;
            ExpertLogPolicy = [];
            return;
        }
        ExpertLogPolicy = SoftOptimalExpert.LogPolicy(mdp);
        ExpertReturn = Return(ExpertLogPolicy);
        var uniform = new double[mdp.StateCount * mdp.ActionCount];
        Array.Fill(uniform, -Math.Log(mdp.ActionCount));
        UniformReturn = Return(uniform);
        var occupancy = new StateFlow(mdp, ExpertLogPolicy).Occupancy();
        _expertStates = new double[mdp.StateCount];
        for (int i = 0; i < occupancy.Length; i++) _expertStates[i / mdp.ActionCount] += occupancy[i];
    }

    public double Return(ReadOnlySpan<double> logPolicy) =>
        Mdp.HasTrueReward ? new StateFlow(Mdp, logPolicy).Return(Mdp.TrueReward) : double.NaN;

    public double NormalizedReturn(ReadOnlySpan<double> logPolicy) =>
        (Return(logPolicy) - UniformReturn) / (ExpertReturn - UniformReturn);

    /// <summary>Normalised return of the soft-optimal policy of <paramref name="reward"/> in this MDP (the transfer test).</summary>
    public double NormalizedReturnOfReward(ReadOnlySpan<double> reward) =>
        NormalizedReturn(SoftBellman.LogPolicy(SoftBellman.OptimalQ(Mdp, reward), Mdp.ActionCount));

    public double RewardCorrelation(ReadOnlySpan<double> reward) =>
        Mdp.HasTrueReward ? Pearson(reward, Mdp.TrueReward) : double.NaN;

    /// <summary>
    /// The least-squares slope of the centred reward on the centred r* (cov(r, r*)/var(r*)): 1 when the reward is r* up
    /// to a constant, below 1 when it is a shrunk copy (the temperature-1 expert pins the scale, so it is identifiable).
    /// </summary>
    public double RewardScale(ReadOnlySpan<double> reward)
    {
        if (!Mdp.HasTrueReward) return double.NaN;
        var truth = Mdp.TrueReward;
        double meanA = 0, meanB = 0;
        for (int i = 0; i < reward.Length; i++) { meanA += reward[i]; meanB += truth[i]; }
        meanA /= reward.Length;
        meanB /= reward.Length;
        double ab = 0, bb = 0;
        for (int i = 0; i < reward.Length; i++) { ab += (reward[i] - meanA) * (truth[i] - meanB); bb += (truth[i] - meanB) * (truth[i] - meanB); }
        return bb == 0 ? double.NaN : ab / bb;
    }

    /// <summary>Σ_s d_E(s) KL(π_E(·|s) ‖ π(·|s)) with d_E the expert's exact discounted state occupancy.</summary>
    public double ExpertKl(ReadOnlySpan<double> logPolicy)
    {
        if (!Mdp.HasTrueReward) return double.NaN;
        int actions = Mdp.ActionCount;
        double sum = 0;
        for (int i = 0; i < logPolicy.Length; i++)
        {
            double p = Math.Exp(ExpertLogPolicy[i]);
            if (p > 0) sum += _expertStates[i / actions] * p * (ExpertLogPolicy[i] - logPolicy[i]);
        }
        return sum;
    }

    public static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double meanA = 0, meanB = 0;
        for (int i = 0; i < a.Length; i++) { meanA += a[i]; meanB += b[i]; }
        meanA /= a.Length;
        meanB /= b.Length;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double x = a[i] - meanA, y = b[i] - meanB;
            ab += x * y; aa += x * x; bb += y * y;
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.Sqrt(aa * bb);
    }

    /// <summary>max_s KL(p(·|s) ‖ q(·|s)) of two log-policies: the tracking error of the single loop.</summary>
    public static double MaxKl(ReadOnlySpan<double> logP, ReadOnlySpan<double> logQ, int actions)
    {
        double worst = 0;
        for (int s = 0; s < logP.Length / actions; s++)
        {
            double kl = 0;
            for (int a = 0; a < actions; a++)
            {
                int i = s * actions + a;
                double p = Math.Exp(logP[i]);
                if (p > 0) kl += p * (logP[i] - logQ[i]);
            }
            worst = Math.Max(worst, kl);
        }
        return worst;
    }
}
