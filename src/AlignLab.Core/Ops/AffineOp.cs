using System.Numerics.Tensors;
using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

public static partial class F
{
    /// <summary>x[..., in]·Wᵀ + b with W stored [out, in] (PyTorch nn.Linear), the bias fused into the GEMM's store.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias) => Affine(x, weight, weightIsOutIn: true, bias);

    /// <summary>x[..., in]·W + b with W stored [in, out] (Hugging Face GPT-2's Conv1D).</summary>
    public static Tensor Conv1D(Tensor x, Tensor weight, Tensor? bias) => Affine(x, weight, weightIsOutIn: false, bias);

    private static Tensor Affine(Tensor x, Tensor weight, bool weightIsOutIn, Tensor? bias)
    {
        if (weight.Rank != 2) throw new ArgumentException($"weight must be a matrix, got {ShapeUtil.Format(weight.Shape)}");
        int inF = weightIsOutIn ? weight.Shape[1] : weight.Shape[0], outF = weightIsOutIn ? weight.Shape[0] : weight.Shape[1];
        if (x.Rank == 0 || x.Shape[^1] != inF)
            throw new ArgumentException($"input has {(x.Rank == 0 ? 0 : x.Shape[^1])} features, layer expects {inF} (input shape {ShapeUtil.Format(x.Shape)}, weight {ShapeUtil.Format(weight.Shape)})");
        if (bias != null && (bias.Rank != 1 || bias.Shape[0] != outF))
            throw new ArgumentException($"bias has shape {ShapeUtil.Format(bias.Shape)}, expected [{outF}]");
        var xc = x.Contiguous(); var w = weight.Contiguous(); var b = bias?.Contiguous();
        int m = xc.Numel / inF;
        var outShape = x.Shape[..^1].ToArray().Append(outF).ToArray();
        var y = Tensor.Empty(outShape);
        var ys = y.Storage.AsSpan();
        Gemm.Multiply(false, weightIsOutIn, m, outF, inF, xc.AsSpan(), inF, w.AsSpan(), weightIsOutIn ? inF : outF, ys, outF,
            bias: b is null ? default : b.AsSpan());
        Tensor[] inputs = b is null ? [xc, w] : [xc, w, b];
        return OpRecorder.Record(y, weightIsOutIn ? Op.Linear : Op.Conv1D, inputs, g =>
        {
            var gc = g.Contiguous();
            var gs = gc.AsSpan();
            Tensor? dx = null, dw = null, db = null;
            if (xc.RequiresGrad)
            {
                dx = Tensor.Empty(xc.Shape);   // dx = dy · op(W)ᵀ
                Gemm.Multiply(false, !weightIsOutIn, m, inF, outF, gs, outF, w.AsSpan(), weightIsOutIn ? inF : outF, dx.Storage, inF);
            }
            if (w.RequiresGrad)
            {
                dw = Tensor.Empty(w.Shape);
                if (weightIsOutIn) Gemm.Multiply(true, false, outF, inF, m, gs, outF, xc.AsSpan(), inF, dw.Storage, inF);  // dyᵀ·x
                else Gemm.Multiply(true, false, inF, outF, m, xc.AsSpan(), inF, gs, outF, dw.Storage, outF);               // xᵀ·dy
            }
            if (b != null && b.RequiresGrad) db = ColumnSums(gc, m, outF);
            return b is null ? [dx, dw] : [dx, dw, db];
        });
    }

    /// <summary>
    /// Σ over rows of a contiguous [m × n] matrix: float sums over blocks of 64 rows, blocks added in double. Threads
    /// take disjoint column ranges, so each column is summed in the same order for any thread count.
    /// </summary>
    private static Tensor ColumnSums(Tensor g, int m, int n)
    {
        var result = Tensor.Empty([n]);
        var storage = g.Storage; int offset = g.Offset;
        Parallelism.ForRange(n, (j0, width) =>
        {
            var acc = new double[width];
            var block = new float[width];
            for (int r0 = 0; r0 < m; r0 += 64)
            {
                Array.Clear(block);
                for (int r = r0, end = Math.Min(m, r0 + 64); r < end; r++) TensorPrimitives.Add(block, storage.AsSpan(offset + r * n + j0, width), block);
                for (int j = 0; j < width; j++) acc[j] += block[j];
            }
            for (int j = 0; j < width; j++) result.Storage[j0 + j] = (float)acc[j];
        }, align: 16, minLength: Parallelism.MinParallelElements / Math.Max(m, 1));
        return result;
    }
}
