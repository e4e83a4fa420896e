using AlignLab.Core;
namespace AlignLab.Methods.Mimo;

/// <summary>Orthogonal ±1 pilot codes (the code's OVSF tree gives the rows of a Sylvester–Hadamard matrix).</summary>
public static class WalshHadamard
{
    /// <summary>Entry (i, j) of the n×n Sylvester–Hadamard matrix (n a power of two): (−1)^popcount(i AND j).</summary>
    public static int Entry(int i, int j) => (System.Numerics.BitOperations.PopCount((uint)(i & j)) & 1) == 0 ? 1 : -1;

    /// <summary>`count` distinct random rows of the length-n Hadamard matrix, divided by √n (row-major count×n).</summary>
    public static double[] RandomRows(int count, int n, Generator rng)
    {
        if (n <= 0 || (n & (n - 1)) != 0) throw new ArgumentException($"code length must be a power of two, got {n}.", nameof(n));
        if (count > n) throw new ArgumentException($"cannot pick {count} orthogonal codes of length {n}.", nameof(count));
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        rng.Shuffle(order); // every choice of codes equally likely
        double norm = 1.0 / Math.Sqrt(n);
        var rows = new double[count * n];
        for (int k = 0; k < count; k++)
            for (int j = 0; j < n; j++)
                rows[k * n + j] = Entry(order[k], j) * norm;
        return rows;
    }
}
