using AlignLab.Core;
using AlignLab.Models.Hooks;

namespace AlignLab.Methods.Steering;

/// <summary>
/// Adds α·v to the residual stream (or, at a head point, to the attention heads' outputs) at each point of a
/// <see cref="SteeringVectors"/> set, for as long as the returned handle lives. Positions come from the hook's site, so cached generation (one new token per pass, left-padded
/// batches) adds exactly what a full recomputation would.
/// </summary>
public static class Steerer
{
    public static IDisposable Attach(IResidualStreamModel model, SteeringVectors vectors, float alpha)
    {
        if (!float.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), $"alpha must be finite, got {alpha}");
        var handles = new List<IDisposable>();
        try
        {
            foreach (var (name, v) in vectors.Vectors)
            {
                if (model is IAttentionHeadModel { Heads: var heads } && heads.TryLayer(name, out int headLayer))
                {
                    handles.Add(AttachHeads(heads, headLayer, name, v, vectors.Mode, alpha));
                    continue;
                }
                int layer = model.Residual.Layer(name);
                if (vectors.Mode == InjectionMode.Every)
                {
                    var mean = SteeringVectors.RowMean(v);
                    for (int c = 0; c < mean.Length; c++) mean[c] *= alpha;
                    var delta = Tensor.FromArray(mean, mean.Length);
                    handles.Add(model.Residual.Add(layer, (site, x) => CheckDim(site, x, mean.Length) + delta));
                }
                else
                {
                    var block = (float[,])v.Clone();
                    handles.Add(model.Residual.Add(layer, (site, x) => x + FrontDelta(site, x, block, vectors.Start, alpha)));
                }
            }
            return new Handles(handles);
        }
        catch
        {
            foreach (var h in handles) h.Dispose();
            throw;
        }
    }

    /// <summary>α·(row mean of v) added to every position of one layer's head outputs.</summary>
    private static IDisposable AttachHeads(AttentionHeads heads, int layer, string name, float[,] v, InjectionMode mode, float alpha)
    {
        if (mode != InjectionMode.Every) throw new ArgumentException($"the head point {name} is steered at every position; mode '{mode.ToString().ToLowerInvariant()}' applies to residual points only");
        if (v.GetLength(1) != heads.Width) throw new ArgumentException($"the steering vector at {name} has {v.GetLength(1)} values but the heads have {heads.Width}");
        var mean = SteeringVectors.RowMean(v);
        for (int c = 0; c < mean.Length; c++) mean[c] *= alpha;
        var delta = Tensor.FromArray(mean, mean.Length);
        return heads.Add(layer, x => x + delta);
    }

    private static Tensor CheckDim(ResidualSite site, Tensor x, int d) =>
        x.Shape[2] == d ? x : throw new ArgumentException($"the steering vector at {site.Name} has {d} values but the residual stream has {x.Shape[2]}");

    /// <summary>[B, T, d] zeros except α·v[p − start] at each absolute position p in [start, start + s).</summary>
    private static Tensor FrontDelta(ResidualSite site, Tensor x, float[,] v, int start, float alpha)
    {
        int b = x.Shape[0], t = x.Shape[1], d = x.Shape[2], s = v.GetLength(0);
        CheckDim(site, x, v.GetLength(1));
        var delta = new float[b * t * d];
        for (int row = 0; row < b; row++)
            for (int i = 0; i < t; i++)
            {
                int j = site.Position(row, i) - start;
                if (j < 0 || j >= s) continue;
                for (int c = 0; c < d; c++) delta[(row * t + i) * d + c] = alpha * v[j, c];
            }
        return Tensor.Wrap(delta, b, t, d);
    }

    private sealed class Handles(List<IDisposable> handles) : IDisposable
    {
        public void Dispose()
        {
            foreach (var h in handles) h.Dispose();
            handles.Clear();
        }
    }
}
