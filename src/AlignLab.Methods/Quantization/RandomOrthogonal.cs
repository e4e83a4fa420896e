using AlignLab.Core;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// A Haar-random orthogonal matrix: Gram–Schmidt (twice, in double) on a Gaussian matrix, with the signs of R's diagonal
/// folded in, which is what QR with a sign correction gives. Applied as a dense product.
/// </summary>
public sealed class RandomOrthogonal : IRotation
{
    private readonly float[] _matrix;
    private readonly Tensor _tensor;

    public RandomOrthogonal(int n, Generator generator)
    {
        if (n <= 0) throw new ArgumentException($"a rotation needs a positive size, got {n}");
        var q = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) q[i, j] = generator.NextGaussian();
        // Orthonormalise the columns; classical Gram–Schmidt run twice is orthogonal to rounding for these sizes.
        for (int j = 0; j < n; j++)
        {
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < j; k++)
                {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += q[i, k] * q[i, j];
                    for (int i = 0; i < n; i++) q[i, j] -= dot * q[i, k];
                }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[i, j] * q[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) q[i, j] /= norm;
        }
        _matrix = new float[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) _matrix[i * n + j] = (float)q[i, j];
        _tensor = Tensor.FromArray(_matrix, n, n);
    }

    public int Size => _tensor.Shape[0];
    public Tensor Apply(Tensor x) => x.MatMul(_tensor);
    public float[] Dense() => (float[])_matrix.Clone();
}
