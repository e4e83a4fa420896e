namespace AlignLab.Methods.Mimo;

/// <summary>
/// Angle RMSE (degrees) between true and estimated paths after optimal matching: each of the min(K, K̂) paths is
/// paired by the assignment minimizing the sum of squared per-angle errors (AoA and AoD), and the RMSE is over both
/// angles of the matched pairs, so the matching minimizes exactly what is reported.
/// </summary>
/// <remarks>
/// A half-wavelength ULA sees an angle only through its spatial frequency ω = −π·sin θ, and ω lives on a circle:
/// ω = π − ε and ω = −π + ε give nearly the same steering vector although asin maps them to angles near +90° and
/// −90°. Reading each frequency's principal angle would charge an estimator that found an endfire path almost exactly
/// with an error close to 180°. Instead the error is measured on the circle and then read back as an angle on the
/// branch nearest the truth: the estimate's frequency is moved by a multiple of 2π to within π of the true one,
/// turned into an angle (clamped to ±90° when that lands just outside the visible region), and compared with the
/// true angle. Away from endfire this is the plain angle difference; across the wrap it is continuous and bounded by
/// how far the frequencies are apart on the circle, which is what the estimate got right or wrong.
/// </remarks>
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

    /// <summary>
    /// The angle error (degrees, signed: estimate − truth) of an estimated spatial frequency, measured on the circle
    /// of frequencies and read back on the angle branch nearest the true angle.
    /// </summary>
    public static double Degrees(double trueOmega, double estimatedOmega, double spacing = UniformLinearArray.HalfWavelength)
    {
        double truth = UniformLinearArray.WrapFrequency(trueOmega);
        double nearest = truth + UniformLinearArray.WrapFrequency(estimatedOmega - truth);
        double trueAngle = UniformLinearArray.Angle(truth, spacing);
        double estimatedAngle = Math.Asin(Math.Clamp(-nearest / (2 * Math.PI * spacing), -1.0, 1.0));
        return (estimatedAngle - trueAngle) * 180 / Math.PI;
    }

    private static double SquaredError(PropagationPath truth, PropagationPath estimate)
    {
        double dr = Degrees(truth.OmegaR, estimate.OmegaR), dt = Degrees(truth.OmegaT, estimate.OmegaT);
        return dr * dr + dt * dt;
    }
}
