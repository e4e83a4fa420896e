namespace AlignLab.Methods.Mimo;

/// <summary>Angle ↔ spatial-frequency conversions of a uniform linear array: ω = −2π·(d/λ)·sin(angle).</summary>
public static class UniformLinearArray
{
    /// <summary>Element spacing in wavelengths used by the paper's code.</summary>
    public const double HalfWavelength = 0.5;

    public static double SpatialFrequency(double angleRadians, double spacing = HalfWavelength) =>
        -2 * Math.PI * spacing * Math.Sin(angleRadians);

    /// <summary>Wraps a frequency to (−π, π]: RELAX does not constrain frequencies to the visible region.</summary>
    public static double WrapFrequency(double omega)
    {
        double w = Math.IEEERemainder(omega, 2 * Math.PI);
        return w <= -Math.PI ? w + 2 * Math.PI : w;
    }

    /// <summary>The angle (radians) whose frequency is ω, after wrapping; clamps frequencies outside the visible region.</summary>
    public static double Angle(double omega, double spacing = HalfWavelength)
    {
        double s = -WrapFrequency(omega) / (2 * Math.PI * spacing);
        return Math.Asin(Math.Clamp(s, -1.0, 1.0));
    }
}
