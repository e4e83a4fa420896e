using AlignLab.Core;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// R = D·H/√n with D a diagonal of random signs and H the Sylvester Hadamard matrix (QuaRot's and RoSTE's randomized
/// Hadamard). xR is a sign flip then the fast Walsh–Hadamard transform: O(n log n), no n×n matrix.
/// </summary>
public sealed class RandomHadamard : IRotation
{
    private readonly Tensor _signs;

    public RandomHadamard(int n, Generator generator)
    {
        if (!AlignLab.Core.Kernels.HadamardKernel.IsPowerOfTwo(n)) throw new ArgumentException($"a Hadamard rotation needs a power-of-two size, got {n}");
        var signs = new float[n];
        for (int i = 0; i < n; i++) signs[i] = generator.NextDouble() < 0.5 ? -1f : 1f;
        _signs = Tensor.FromArray(signs, n);
        Signs = signs;
    }

    public int Size => _signs.Numel;
    public IReadOnlyList<float> Signs { get; }

    public Tensor Apply(Tensor x) => (x * _signs).Hadamard();

    public float[] Dense()
    {
        int n = Size;
        var r = new float[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                r[i * n + j] = Signs[i] * (System.Numerics.BitOperations.PopCount((uint)(i & j)) % 2 == 0 ? 1f : -1f) / MathF.Sqrt(n);
        return r;
    }
}
