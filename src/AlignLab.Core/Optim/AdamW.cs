using System.Numerics.Tensors;

namespace AlignLab.Core.Optim;

/// <summary>
/// Adam with bias correction, exactly as torch.optim: with <see cref="Decoupled"/> (AdamW) the weight decay
/// multiplies the parameter by (1 − lr·wd) before the step; without it (Adam) wd·p is added to the gradient.
/// </summary>
public class Adam : Optimizer
{
    private readonly float[][] _m, _v;
    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Eps { get; }
    public float WeightDecay { get; }
    public bool Decoupled { get; }
    /// <summary>First moments m per parameter (torch's <c>exp_avg</c>); live arrays, so a checkpoint can save and restore them.</summary>
    public IReadOnlyList<float[]> ExpAvg => _m;
    /// <summary>Second moments v per parameter (torch's <c>exp_avg_sq</c>); live arrays.</summary>
    public IReadOnlyList<float[]> ExpAvgSq => _v;

    public Adam(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weightDecay = 0f, bool decoupled = false) : base(parameters, learningRate)
    {
        (Beta1, Beta2, Eps, WeightDecay, Decoupled) = (beta1, beta2, eps, weightDecay, decoupled);
        _m = Parameters.Select(p => new float[p.Numel]).ToArray();
        _v = Parameters.Select(p => new float[p.Numel]).ToArray();
    }

    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> g)
    {
        var m = _m[index].AsSpan(); var v = _v[index].AsSpan();
        float lr = LearningRate;
        double bc1 = 1 - Math.Pow(Beta1, StepCount), bc2 = 1 - Math.Pow(Beta2, StepCount);
        float stepSize = (float)(lr / bc1), sqrtBc2 = (float)Math.Sqrt(bc2);
        if (Decoupled && WeightDecay != 0) TensorPrimitives.Multiply(p, 1 - lr * WeightDecay, p);
        Span<float> tmp = stackalloc float[1024];
        Span<float> decayed = stackalloc float[Decoupled ? 0 : 1024];
        for (int off = 0; off < p.Length; off += tmp.Length)
        {
            int n = Math.Min(tmp.Length, p.Length - off);
            var ps = p.Slice(off, n); var ms = m.Slice(off, n); var vs = v.Slice(off, n); var t = tmp[..n];
            scoped ReadOnlySpan<float> gs = g.Slice(off, n);
            if (!Decoupled && WeightDecay != 0)
            {
                // L2-style decay (Adam): the decay enters the gradient, and so the moments.
                var gd = decayed[..n];
                TensorPrimitives.MultiplyAdd(ps, WeightDecay, gs, gd);
                gs = gd;
            }
            // m = β1·m + (1−β1)·g ; v = β2·v + (1−β2)·g²
            TensorPrimitives.Multiply(ms, Beta1, ms);
            TensorPrimitives.MultiplyAdd(gs, 1 - Beta1, ms, ms);
            TensorPrimitives.Multiply(vs, Beta2, vs);
            TensorPrimitives.Multiply(gs, gs, t);
            TensorPrimitives.MultiplyAdd(t, 1 - Beta2, vs, vs);
            // p −= (lr/bc1)·m / (√v/√bc2 + eps)
            TensorPrimitives.Sqrt(vs, t);
            TensorPrimitives.Divide(t, sqrtBc2, t);
            TensorPrimitives.Add(t, Eps, t);
            TensorPrimitives.Divide(ms, t, t);
            TensorPrimitives.MultiplyAdd(t, -stepSize, ps, ps);
        }
    }
}

/// <summary>Adam with decoupled weight decay (Loshchilov &amp; Hutter), torch.optim.AdamW's defaults.</summary>
public sealed class AdamW(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
    float eps = 1e-8f, float weightDecay = 0.01f)
    : Adam(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupled: true);
