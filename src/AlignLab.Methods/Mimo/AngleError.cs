namespace AlignLab.Methods.Mimo;

/// <summary>
/// Angle RMSE (degrees) between true and estimated paths after optimal matching: each of the min(K, K̂) paths is
/// paired by the assignment minimizing Σ(Δθ_AoA² + Δθ_AoD²), and the RMSE is over both angles of the matched pairs.
/// </summary>
public static class AngleError
{
    public static double RmseDegrees(ReadOnlySpan<PropagationPath> truth, ReadOnlySpan<PropagationPath> estimate)
    {
        if (truth.Length == 0 || estimate.Length == 0) throw new ArgumentException("angle RMSE needs at least one true and one estimated path.");
        bool truthAsRows = truth.Length <= estimate.Length;
        int n = Math.Min(truth.Length, estimate.Length), m = Math.Max(truth.Length, estimate.Length);
        var cost = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                cost[i, j] = truthAsRows ? SquaredError(truth[i], estimate[j]) : SquaredError(truth[j], estimate[i]);
        var assignment = AssignmentSolver.Solve(cost);
        double total = 0;
        for (int i = 0; i < n; i++) total += cost[i, assignment[i]];
        return Math.Sqrt(total / (2 * n));
    }

    private static double SquaredError(PropagationPath a, PropagationPath b)
    {
        double dr = Degrees(a.OmegaR) - Degrees(b.OmegaR), dt = Degrees(a.OmegaT) - Degrees(b.OmegaT);
        return dr * dr + dt * dt;
    }

    private static double Degrees(double omega) => UniformLinearArray.Angle(omega) * 180 / Math.PI;
}
