namespace AlignLab.Methods.Dynamics;

/// <summary>
/// Scale-free roughness numbers of a loss slice (grid centre = the point the slice is drawn around); every
/// number is invariant to multiplying the loss by a constant.
/// </summary>
/// <param name="Laplacian">Mean |discrete Laplacian| over interior points divided by (max − min): a bowl
/// f = a(α² + β²) on a grid of spacing h and half-width R scores 2h²/R² (0.005 for 41 points) whatever a is;
/// folds and ridges score higher.</param>
/// <param name="NonConvexFraction">Fraction of interior points whose discrete 2×2 Hessian is not positive
/// semidefinite (0 on a convex slice).</param>
/// <param name="NonMonotoneFraction">Fraction of points that are lower than the grid point one step toward the
/// centre along the ray to the centre: 0 for any loss that rises monotonically away from the centre.</param>
/// <param name="LocalMinima">Interior grid points strictly below all their 8 neighbours (a single basin has 1).</param>
/// <param name="FlatFraction">Fraction of interior points where f changes by less than 1e-4·(max − min) per grid
/// step in every direction: saturation plateaus.</param>
public sealed record LandscapeRoughness(double Laplacian, double NonConvexFraction, double NonMonotoneFraction, int LocalMinima, double FlatFraction)
{
    public static LandscapeRoughness Measure(double[,] f)
    {
        ArgumentNullException.ThrowIfNull(f);
        int rows = f.GetLength(0), columns = f.GetLength(1);
        if (rows < 3 || columns < 3) throw new ArgumentException($"slice: needs at least 3×3 points, got {rows}×{columns}", nameof(f));
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in f)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        double span = max - min;
        if (!(span > 0) || !double.IsFinite(span)) return new LandscapeRoughness(0, 0, 0, 0, 1);

        double laplacian = 0;
        int interior = 0, flat = 0, minima = 0, nonConvex = 0;
        double tolerance = 1e-12 * span;
        for (int r = 1; r < rows - 1; r++)
            for (int c = 1; c < columns - 1; c++)
            {
                double centre = f[r, c];
                double up = f[r - 1, c], down = f[r + 1, c], left = f[r, c - 1], right = f[r, c + 1];
                double fxx = left + right - 2 * centre, fyy = up + down - 2 * centre;
                double fxy = (f[r + 1, c + 1] - f[r + 1, c - 1] - f[r - 1, c + 1] + f[r - 1, c - 1]) / 4;
                laplacian += Math.Abs(fxx + fyy);
                interior++;
                if (fxx < -tolerance || fyy < -tolerance || fxx * fyy - fxy * fxy < -tolerance * tolerance) nonConvex++;
                double slope = Math.Max(Math.Abs(right - left), Math.Abs(down - up)) / 2;
                if (slope < 1e-4 * span && Math.Abs(fxx) < 1e-4 * span && Math.Abs(fyy) < 1e-4 * span) flat++;
                if (IsStrictMinimum(f, r, c)) minima++;
            }
        return new LandscapeRoughness(laplacian / interior / span, (double)nonConvex / interior,
                                      MonotonicityViolations(f, span), minima, (double)flat / interior);
    }

    private static bool IsStrictMinimum(double[,] f, int r, int c)
    {
        for (int dr = -1; dr <= 1; dr++)
            for (int dc = -1; dc <= 1; dc++)
                if ((dr != 0 || dc != 0) && f[r + dr, c + dc] <= f[r, c]) return false;
        return true;
    }

    private static double MonotonicityViolations(double[,] f, double span)
    {
        int rows = f.GetLength(0), columns = f.GetLength(1);
        int cr = rows / 2, cc = columns / 2, nonMonotone = 0, counted = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                double dr = cr - r, dc = cc - c, length = Math.Sqrt(dr * dr + dc * dc);
                if (length < 1) continue;
                // One grid step toward the centre along the ray, rounded to the nearest grid point.
                int tr = r + (int)Math.Round(dr / length), tc = c + (int)Math.Round(dc / length);
                counted++;
                if (f[r, c] < f[tr, tc] - 1e-9 * span) nonMonotone++;
            }
        return (double)nonMonotone / counted;
    }
}
