using AlignLab.Core.Autograd;
using AlignLab.Core.Kernels;

namespace AlignLab.Core;

public static partial class F
{
    /// <summary>
    /// Group norm (PyTorch's group_norm, biased variance) of x [N, C, ...]: the C channels split into
    /// <paramref name="groups"/> contiguous groups, each (image, group) normalised over its channels and positions,
    /// then the per-channel affine <paramref name="weight"/> [C], <paramref name="bias"/> [C].
    /// </summary>
    public static Tensor GroupNorm(Tensor x, int groups, Tensor weight, Tensor? bias, float eps = 1e-5f)
    {
        if (x.Rank < 2) throw new ArgumentException($"group norm expects [batch, channels, ...], got {ShapeUtil.Format(x.Shape)}");
        int n = x.Shape[0], c = x.Shape[1];
        if (groups < 1 || c % groups != 0) throw new ArgumentException($"group norm: {c} channels cannot be split into {groups} groups");
        CheckNormParam(weight, c, "weight"); if (bias != null) CheckNormParam(bias, c, "bias");
        var src = x.Contiguous(); var w = weight.Contiguous(); var bb = bias?.Contiguous();
        int plane = src.Numel / Math.Max(1, n * c), cg = c / groups, size = cg * plane, blocks = n * groups;
        var y = Tensor.Empty(src.Shape);
        var mean = new float[blocks]; var rstd = new float[blocks];
        int threads = src.Numel >= Parallelism.MinParallelElements / 4 ? EngineSettings.Threads : 1;
        Parallelism.For(blocks, threads, blk =>
        {
            int gi = blk % groups;
            (mean[blk], rstd[blk]) = GroupNormKernel.Forward(src.Storage.AsSpan(src.Offset + blk * size, size), plane,
                w.AsSpan().Slice(gi * cg, cg), bb is null ? default : bb.AsSpan().Slice(gi * cg, cg), y.Storage.AsSpan(blk * size, size), eps);
        });
        Tensor[] inputs = bb is null ? [src, w] : [src, w, bb];
        return OpRecorder.Record(y, Op.GroupNorm, inputs, g =>
        {
            var gc = g.Contiguous();
            var dx = Tensor.Empty(src.Shape);
            // Per image partial [C] sums: block (image, group) writes only its group's channels of its image's row.
            var partialW = new float[n][]; var partialB = new float[n][];
            for (int i = 0; i < n; i++) { partialW[i] = new float[c]; partialB[i] = new float[c]; }
            Parallelism.For(blocks, threads, blk =>
            {
                int img = blk / groups, gi = blk % groups;
                GroupNormKernel.Backward(src.Storage.AsSpan(src.Offset + blk * size, size), gc.AsSpan().Slice(blk * size, size), plane,
                    w.AsSpan().Slice(gi * cg, cg), mean[blk], rstd[blk], dx.Storage.AsSpan(blk * size, size),
                    partialW[img].AsSpan(gi * cg, cg), partialB[img].AsSpan(gi * cg, cg));
            });
            var dw = SumPartials(partialW, new double[c], w.Shape);
            return bb is null ? [dx, dw] : [dx, dw, SumPartials(partialB, new double[c], w.Shape)];
        });
    }
}
