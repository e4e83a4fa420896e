namespace AlignLab.Core.Kernels;

/// <summary>
/// The orthonormal Walsh–Hadamard transform H_n/√n (Sylvester order) of rows of a power-of-two length, in place, in
/// O(n log n) butterflies. The matrix is symmetric and orthogonal, so the transform is its own inverse.
/// </summary>
public static class HadamardKernel
{
    public static bool IsPowerOfTwo(int n) => n > 0 && (n & (n - 1)) == 0;

    public static void Transform(Span<float> data, int n)
    {
        float norm = 1f / MathF.Sqrt(n);
        for (int row = 0; row < data.Length; row += n)
        {
            var x = data.Slice(row, n);
            for (int h = 1; h < n; h <<= 1)
                for (int i = 0; i < n; i += 2 * h)
                    for (int j = i; j < i + h; j++)
                    {
                        float a = x[j], b = x[j + h];
                        x[j] = a + b;
                        x[j + h] = a - b;
                    }
            for (int i = 0; i < n; i++) x[i] *= norm;
        }
    }
}
