using System.Numerics.Tensors;
using AlignLab.Core.Autograd;

namespace AlignLab.Core;

public static partial class F
{
    /// <summary>Rows of <paramref name="weight"/> [V, C] for each id: output [..., C]. The backward scatter-adds.</summary>
    public static Tensor Embedding(Tensor weight, IntTensor ids)
    {
        if (weight.Rank != 2) throw new ArgumentException($"embedding weight must be [vocab, dim], got {ShapeUtil.Format(weight.Shape)}");
        var w = weight.Contiguous();
        int v = w.Shape[0], c = w.Shape[1];
        for (int i = 0; i < ids.Numel; i++)
            if ((uint)ids.Data[i] >= (uint)v) throw new ArgumentException($"token id {ids.Data[i]} at position {i} is outside the vocabulary [0, {v})");
        var shape = ids.Shape.ToArray().Append(c).ToArray();
        var result = Tensor.Empty(shape);
        for (int i = 0; i < ids.Numel; i++)
            w.Storage.AsSpan(w.Offset + ids.Data[i] * c, c).CopyTo(result.Storage.AsSpan(i * c, c));
        return OpRecorder.Record(result, Op.Embedding, w, g =>
        {
            var gc = g.Contiguous().AsSpan();
            var grad = Tensor.Zeros(v, c);
            for (int i = 0; i < ids.Numel; i++)
            {
                var row = grad.Storage.AsSpan(ids.Data[i] * c, c);
                TensorPrimitives.Add(row, gc.Slice(i * c, c), row);
            }
            return grad;
        });
    }

    /// <summary>Inverted dropout: zeroes elements with probability p and scales the rest by 1/(1−p); identity when not training.</summary>
    public static Tensor Dropout(Tensor x, float p, bool training, Generator generator)
    {
        if (p < 0 || p >= 1) throw new ArgumentException($"dropout probability {p} must be in [0, 1)");
        if (!training || p == 0) return x;
        var mask = Tensor.Empty(x.Shape);
        float scale = 1f / (1f - p);
        for (int i = 0; i < mask.Numel; i++) mask.Storage[i] = generator.NextFloat() < p ? 0f : scale;
        return x * mask;
    }
}
