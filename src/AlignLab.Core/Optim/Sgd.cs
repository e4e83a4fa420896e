using System.Numerics.Tensors;

namespace AlignLab.Core.Optim;

/// <summary>SGD with optional momentum (torch's form: buf = μ·buf + g, no dampening), Nesterov and L2 weight decay.</summary>
public sealed class Sgd : Optimizer
{
    private readonly float[]?[] _buffers;
    public float Momentum { get; }
    public float WeightDecay { get; }
    public bool Nesterov { get; }

    public Sgd(IEnumerable<Tensor> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false)
        : base(parameters, learningRate)
    {
        (Momentum, WeightDecay, Nesterov) = (momentum, weightDecay, nesterov);
        _buffers = new float[Parameters.Count][];
    }

    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> grad)
    {
        var g = grad.ToArray().AsSpan();
        if (WeightDecay != 0) TensorPrimitives.MultiplyAdd(p, WeightDecay, g, g);
        if (Momentum != 0)
        {
            var buf = _buffers[index];
            if (buf is null) _buffers[index] = buf = g.ToArray();
            else { TensorPrimitives.Multiply(buf, Momentum, buf); TensorPrimitives.Add(buf, g, buf); }
            if (Nesterov) TensorPrimitives.MultiplyAdd(buf, Momentum, g, g);
            else buf.CopyTo(g);
        }
        TensorPrimitives.MultiplyAdd(g, -LearningRate, p, p);
    }
}
