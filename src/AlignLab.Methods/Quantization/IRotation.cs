using AlignLab.Core;

namespace AlignLab.Methods.Quantization;

/// <summary>An orthogonal n×n matrix R applied to row vectors: x ↦ xR along the last axis.</summary>
public interface IRotation
{
    int Size { get; }
    /// <summary>xR for x [..., n].</summary>
    Tensor Apply(Tensor x);
    /// <summary>R as a dense row-major n×n array (tests, and folding where a product is clearer).</summary>
    float[] Dense();
}

public static class Rotations
{
    /// <summary>Rᵀ W for W [n, m], i.e. the columns of W rotated: (Wᵀ R)ᵀ.</summary>
    public static Tensor ApplyTransposedLeft(this IRotation r, Tensor w) => r.Apply(w.T().Contiguous()).T().Contiguous();

    /// <summary>A randomized Hadamard when n is a power of two, otherwise a random orthogonal matrix.</summary>
    public static IRotation Random(int n, Generator generator) =>
        AlignLab.Core.Kernels.HadamardKernel.IsPowerOfTwo(n) ? new RandomHadamard(n, generator) : new RandomOrthogonal(n, generator);
}
