namespace AlignLab.Core.Kernels;

/// <summary>
/// erf(x) for float work. .NET has no Math.Erf; this is Abramowitz &amp; Stegun 7.1.26 evaluated in double
/// (absolute error below 1.5e-7, i.e. float32 resolution), which is all exact GELU needs.
/// </summary>
public static class Erf
{
    public static double Evaluate(double x)
    {
        double sign = x < 0 ? -1 : 1;
        x = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.3275911 * x);
        double y = 1.0 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return sign * y;
    }
}
