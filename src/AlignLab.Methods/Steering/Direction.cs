namespace AlignLab.Methods.Steering;

/// <summary>A raw direction at one residual point, [s × d] span rows, with how many history items it averaged.</summary>
public sealed record Direction(int Layer, double[,] Rows, int Selected)
{
    public int SpanLength => Rows.GetLength(0);
    public int Dim => Rows.GetLength(1);

    /// <summary>Adds <paramref name="weight"/>·other (same layer and shape): a multi-preference direction.</summary>
    public Direction Plus(Direction other, double weight = 1)
    {
        if (other.Layer != Layer || other.SpanLength != SpanLength || other.Dim != Dim)
            throw new ArgumentException($"cannot add a direction at layer {other.Layer} [{other.SpanLength} × {other.Dim}] to one at layer {Layer} [{SpanLength} × {Dim}]");
        var sum = (double[,])Rows.Clone();
        for (int j = 0; j < SpanLength; j++)
            for (int c = 0; c < Dim; c++) sum[j, c] += weight * other.Rows[j, c];
        return this with { Rows = sum, Selected = Math.Min(Selected, other.Selected) };
    }

    /// <summary>
    /// The vector scaled so that α = 1 adds <paramref name="typicalNorm"/> (the mean residual norm at the layer):
    /// for <see cref="InjectionMode.Every"/> the row mean gets that norm, for <see cref="InjectionMode.Front"/> the mean row norm.
    /// Every method is scaled the same way, so equal α is an equal budget.
    /// </summary>
    public float[,] Scaled(double typicalNorm, InjectionMode mode)
    {
        int s = SpanLength, d = Dim;
        double norm = 0;
        if (mode == InjectionMode.Every)
        {
            for (int c = 0; c < d; c++)
            {
                double m = 0;
                for (int j = 0; j < s; j++) m += Rows[j, c] / s;
                norm += m * m;
            }
            norm = Math.Sqrt(norm);
        }
        else
        {
            for (int j = 0; j < s; j++)
            {
                double r = 0;
                for (int c = 0; c < d; c++) r += Rows[j, c] * Rows[j, c];
                norm += Math.Sqrt(r) / s;
            }
        }
        var v = new float[s, d];
        if (norm < 1e-12) return v;
        for (int j = 0; j < s; j++)
            for (int c = 0; c < d; c++) v[j, c] = (float)(Rows[j, c] * typicalNorm / norm);
        return v;
    }
}
