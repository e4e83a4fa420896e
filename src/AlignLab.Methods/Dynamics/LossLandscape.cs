using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// 2-D slices of a loss around a point, f(W + α d1 + β d2) on a grid, with filter-normalised directions
/// (Li et al., "Visualizing the Loss Landscape of Neural Nets": each filter of a direction gets the norm of the
/// same filter of the weights, so the picture does not depend on how the weights happen to be scaled).
/// </summary>
public static class LossLandscape
{
    /// <summary>
    /// Values[row, column] = f(center + β_row d2 + α_column d1) for α, β on the same grid
    /// −range … +range with <paramref name="points"/> points (row 0 is β = −range).
    /// </summary>
    public static double[,] Slice(Func<double[], double> loss, double[] center, double[] d1, double[] d2, int points, double range)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (d1.Length != center.Length || d2.Length != center.Length)
            throw new ArgumentException($"directions: lengths {d1.Length} and {d2.Length} differ from the point's {center.Length}");
        if (points < 3) throw new ArgumentOutOfRangeException(nameof(points), points, "a slice needs at least 3 points per axis");
        if (!(range > 0)) throw new ArgumentOutOfRangeException(nameof(range), range, "range must be positive");
        var values = new double[points, points];
        var at = new double[center.Length];
        for (int row = 0; row < points; row++)
        {
            double beta = Coordinate(row, points, range);
            for (int column = 0; column < points; column++)
            {
                double alpha = Coordinate(column, points, range);
                for (int i = 0; i < at.Length; i++) at[i] = center[i] + alpha * d1[i] + beta * d2[i];
                values[row, column] = loss(at);
            }
        }
        return values;
    }

    /// <summary>Grid coordinate of index <paramref name="index"/>: −range + 2·range·index/(points − 1).</summary>
    public static double Coordinate(int index, int points, double range) => -range + 2.0 * range * index / (points - 1);

    /// <summary>
    /// Rescales each filter of <paramref name="direction"/> to the norm of the same filter of
    /// <paramref name="weights"/>; entries outside the filters (frozen weights) are zeroed.
    /// </summary>
    public static void FilterNormalize(double[] direction, double[] weights, IReadOnlyList<(int Offset, int Length)> filters)
    {
        if (direction.Length != weights.Length)
            throw new ArgumentException($"direction: length {direction.Length} differs from the weights' {weights.Length}", nameof(direction));
        var inFilter = new bool[direction.Length];
        foreach (var (offset, length) in filters)
        {
            var d = direction.AsSpan(offset, length);
            double dn = Math.Sqrt(DenseKernels.SumOfSquares(d));
            double wn = Math.Sqrt(DenseKernels.SumOfSquares(weights.AsSpan(offset, length)));
            double factor = dn > 0 ? wn / dn : 0.0;
            for (int i = 0; i < d.Length; i++) d[i] *= factor;
            inFilter.AsSpan(offset, length).Fill(true);
        }
        for (int i = 0; i < direction.Length; i++) if (!inFilter[i]) direction[i] = 0.0;
    }

    /// <summary>A Gaussian direction over the given filters, filter-normalised against <paramref name="weights"/>.</summary>
    public static double[] RandomFilterDirection(double[] weights, IReadOnlyList<(int Offset, int Length)> filters, Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var direction = new double[weights.Length];
        foreach (var (offset, length) in filters) random.FillNormal(direction.AsSpan(offset, length), 1.0);
        FilterNormalize(direction, weights, filters);
        return direction;
    }

    /// <summary>Removes from <paramref name="direction"/> its component along <paramref name="along"/>.</summary>
    public static void Orthogonalize(double[] direction, double[] along)
    {
        double norm2 = DenseKernels.SumOfSquares(along);
        if (norm2 == 0) return;
        DenseKernels.Axpy(-DenseKernels.Dot(direction, along) / norm2, along, direction);
    }
}
