namespace AlignLab.Methods.Mimo;

/// <summary>
/// Minimum-cost assignment (Hungarian / Kuhn–Munkres with potentials, O(n²m)) for an n×m cost matrix with n ≤ m:
/// each row gets a distinct column.
/// </summary>
public static class AssignmentSolver
{
    /// <returns>assignment[i] = the column given to row i.</returns>
    public static int[] Solve(double[,] cost)
    {
        int n = cost.GetLength(0), m = cost.GetLength(1);
        if (n > m) throw new ArgumentException($"assignment needs rows <= columns, got {n}x{m}.", nameof(cost));
        var u = new double[n + 1];
        var v = new double[m + 1];
        var match = new int[m + 1];   // match[j] = row (1-based) assigned to column j
        var way = new int[m + 1];
        var minv = new double[m + 1];
        var used = new bool[m + 1];
        for (int i = 1; i <= n; i++)
        {
            match[0] = i;
            int j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Clear(used);
            do
            {
                used[j0] = true;
                int i0 = match[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j]) continue;
                    double cur = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (used[j]) { u[match[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (match[j0] != 0);
            do
            {
                int j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var assignment = new int[n];
        for (int j = 1; j <= m; j++)
            if (match[j] != 0) assignment[match[j] - 1] = j - 1;
        return assignment;
    }
}
