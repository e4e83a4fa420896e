namespace AlignLab.Core.Modules;

/// <summary>y = x·Wᵀ + b with W stored [out, in] (PyTorch nn.Linear). Leading axes are flattened into one GEMM.</summary>
public sealed class Linear : Module
{
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public Linear(int inFeatures, int outFeatures, bool bias, Generator generator)
    {
        float bound = 1f / MathF.Sqrt(inFeatures); // PyTorch's default (Kaiming-uniform with a = √5)
        Weight = RegisterParameter("weight", generator.Uniform([outFeatures, inFeatures], -bound, bound));
        if (bias) Bias = RegisterParameter("bias", generator.Uniform([outFeatures], -bound, bound));
    }

    protected override Tensor ForwardCore(Tensor x) => Affine.Apply(x, Weight.T(), Bias);
}

/// <summary>y = x·W + b with W stored [in, out]: the Conv1D layer of Hugging Face GPT-2, kept so checkpoints load as is.</summary>
public sealed class Conv1D : Module
{
    public Tensor Weight { get; }
    public Tensor Bias { get; }

    public Conv1D(int inFeatures, int outFeatures, Generator generator, float std = 0.02f)
    {
        Weight = RegisterParameter("weight", generator.Normal([inFeatures, outFeatures], 0, std));
        Bias = RegisterParameter("bias", Tensor.Zeros(outFeatures));
    }

    protected override Tensor ForwardCore(Tensor x) => Affine.Apply(x, Weight, Bias);
}

internal static class Affine
{
    /// <summary>x[..., in] · w[in, out] + b, as one [rows × in]·[in × out] product.</summary>
    public static Tensor Apply(Tensor x, Tensor w, Tensor? b)
    {
        int inF = w.Shape[0], outF = w.Shape[1];
        if (x.Shape[^1] != inF) throw new ArgumentException($"input has {x.Shape[^1]} features, layer expects {inF} (input shape {ShapeUtil.Format(x.Shape)})");
        var lead = x.Shape[..^1].ToArray();
        var y = x.Reshape(-1, inF).MatMul(w);
        if (b != null) y = y + b;
        return y.Reshape([.. lead, outF]);
    }
}

public sealed class Embedding : Module
{
    public Tensor Weight { get; }

    public Embedding(int count, int dim, Generator generator, float std = 1f)
    {
        Weight = RegisterParameter("weight", generator.Normal([count, dim], 0, std));
    }

    public Tensor Forward(IntTensor ids) => Invoke(() => F.Embedding(Weight, ids));
}

public sealed class LayerNorm : Module
{
    public Tensor Weight { get; }
    public Tensor? Bias { get; }
    public float Eps { get; }

    public LayerNorm(int dim, float eps = 1e-5f, bool bias = true)
    {
        Eps = eps;
        Weight = RegisterParameter("weight", Tensor.Ones(dim));
        if (bias) Bias = RegisterParameter("bias", Tensor.Zeros(dim));
    }

    protected override Tensor ForwardCore(Tensor x) => F.LayerNorm(x, Weight, Bias, Eps);
}

public sealed class RMSNorm : Module
{
    public Tensor Weight { get; }
    public float Eps { get; }

    public RMSNorm(int dim, float eps = 1e-6f)
    {
        Eps = eps;
        Weight = RegisterParameter("weight", Tensor.Ones(dim));
    }

    protected override Tensor ForwardCore(Tensor x) => F.RmsNorm(x, Weight, Eps);
}

public sealed class Dropout(float p, Generator generator) : Module
{
    public float P { get; } = p;
    protected override Tensor ForwardCore(Tensor x) => F.Dropout(x, P, Training, generator);
}

/// <summary>Children named "0", "1", ... applied in order.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = new();

    public Sequential(params Module[] layers)
    {
        foreach (var layer in layers) _layers.Add(RegisterModule(_layers.Count.ToString(), layer));
    }

    protected override Tensor ForwardCore(Tensor x)
    {
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }
}

/// <summary>A list of children named "0", "1", ... (e.g. GPT-2's <c>h</c>).</summary>
public sealed class ModuleList<T> : Module where T : Module
{
    private readonly List<T> _items = new();

    public void Add(T module) => _items.Add(RegisterModule(_items.Count.ToString(), module));
    public T this[int i] => _items[i];
    public int Count => _items.Count;
    public IEnumerable<T> Items => _items;
}

/// <summary>Element-wise activation as a module (so hooks can target it).</summary>
public sealed class Activation(Func<Tensor, Tensor> f) : Module
{
    protected override Tensor ForwardCore(Tensor x) => f(x);
}
