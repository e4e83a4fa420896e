using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

/// <summary>Fake quantization with a straight-through backward, and the Walsh–Hadamard rotation, along the last axis.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Min-max fake quantization (see <see cref="FakeQuantKernel"/>) in groups of <paramref name="groupSize"/> consecutive
    /// values of the last axis (0: the whole last axis, e.g. one group per weight row, per token or per (token, head)).
    /// The backward is the straight-through estimator: the output gradient passes unchanged, clamped values included.
    /// </summary>
    public Tensor FakeQuantize(int bits, bool symmetric = false, float clip = 1f, int groupSize = 0)
    {
        if (bits < 2 || bits > 16) throw new ArgumentOutOfRangeException(nameof(bits), bits, "fake quantization supports 2 to 16 bits");
        if (!(clip > 0f && clip <= 1f)) throw new ArgumentOutOfRangeException(nameof(clip), clip, "the clip factor must be in (0, 1]");
        int last = Rank == 0 ? 1 : _shape[^1];
        int group = groupSize == 0 ? last : groupSize;
        if (group <= 0 || last % group != 0)
            throw new ArgumentException($"group size {groupSize} does not divide the last axis of {ShapeUtil.Format(_shape)}");
        var src = Contiguous();
        var result = Empty(_shape);
        int groups = src.Numel / group;
        Parallelism.ForRange(groups, (start, n) =>
            FakeQuantKernel.Apply(src.AsSpan().Slice(start * group, n * group), result.Storage.AsSpan(start * group, n * group), group, bits, symmetric, clip),
            minLength: Math.Max(1, Parallelism.MinParallelElements / group));
        return OpRecorder.Record(result, Op.FakeQuant, src, g => g);
    }

    /// <summary>x·H/√n along the last axis (n a power of two), by the fast Walsh–Hadamard transform; the backward is the same transform.</summary>
    public Tensor Hadamard()
    {
        int n = Rank == 0 ? 1 : _shape[^1];
        if (!HadamardKernel.IsPowerOfTwo(n)) throw new ArgumentException($"the Hadamard transform needs a power-of-two last axis, got {ShapeUtil.Format(_shape)}");
        var result = CopyOf(this);
        Transform(result, n);
        return OpRecorder.Record(result, Op.Hadamard, this, g =>
        {
            var d = CopyOf(g);
            Transform(d, n);
            return d;
        });
    }

    private static Tensor CopyOf(Tensor t)
    {
        var src = t.Contiguous();
        var copy = Empty(t._shape);
        src.AsSpan().CopyTo(copy.Storage);
        return copy;
    }

    private static void Transform(Tensor t, int n) =>
        Parallelism.ForRange(t.Numel / n, (start, rows) => HadamardKernel.Transform(t.Storage.AsSpan(t.Offset + start * n, rows * n), n),
            minLength: Math.Max(1, Parallelism.MinParallelElements / n));
}
