namespace AlignLab.Methods.Quantization;

/// <summary>Which tensor a quantization error was measured on, grouped by the rotation that acts on it.</summary>
public enum ErrorSite
{
    /// <summary>o_proj weight, o_proj input and the value cache (R2's score).</summary>
    R2,
    /// <summary>The key cache (R3's score).</summary>
    R3,
    /// <summary>down_proj weight and input (R4's score).</summary>
    R4,
    /// <summary>q/k/v and gate/up weights and inputs (always rotated by R1 or never; counted in E(·) only).</summary>
    Other,
}

/// <summary>
/// Accumulates the quantization errors the model meets in a forward: per (layer, site) the sum of per-tensor mean squared
/// errors ‖Q(x) − x‖²/numel, over all forwards since <see cref="Clear"/>. This is E(·) of the paper split by where it arises.
/// </summary>
public sealed class QuantErrorProbe(int layers)
{
    private readonly double[,] _sum = new double[layers, 4];

    public void Add(int layer, ErrorSite site, double mse)
    {
        lock (_sum) _sum[layer, (int)site] += mse;
    }

    public double this[int layer, ErrorSite site] => _sum[layer, (int)site];

    /// <summary>The whole surrogate E: every site of every layer.</summary>
    public double Total
    {
        get
        {
            double t = 0;
            foreach (double v in _sum) t += v;
            return t;
        }
    }

    public void Clear() => Array.Clear(_sum);
}
