namespace AlignLab.Core.Modules;

/// <summary>2-D convolution with weight [out, in, k, k] (PyTorch nn.Conv2d and its default Kaiming-uniform init).</summary>
public sealed class Conv2d : Module
{
    public Tensor Weight { get; }
    public Tensor? Bias { get; }
    public int Stride { get; }
    public int Padding { get; }

    public Conv2d(int inChannels, int outChannels, int kernel, Generator generator, int stride = 1, int padding = 0, bool bias = true)
    {
        Stride = stride; Padding = padding;
        float bound = 1f / MathF.Sqrt(inChannels * kernel * kernel);
        Weight = RegisterParameter("weight", generator.Uniform([outChannels, inChannels, kernel, kernel], -bound, bound));
        if (bias) Bias = RegisterParameter("bias", generator.Uniform([outChannels], -bound, bound));
    }

    protected override Tensor ForwardCore(Tensor x) => F.Conv2d(x, Weight, Bias, Stride, Padding);
}

/// <summary>Group norm over [N, C, ...] with a per-channel affine (PyTorch nn.GroupNorm: weight 1, bias 0).</summary>
public sealed class GroupNorm : Module
{
    public Tensor Weight { get; }
    public Tensor Bias { get; }
    public int Groups { get; }
    public float Eps { get; }

    public GroupNorm(int groups, int channels, float eps = 1e-5f)
    {
        if (groups < 1 || channels % groups != 0) throw new ArgumentException($"group norm: {channels} channels cannot be split into {groups} groups");
        Groups = groups; Eps = eps;
        Weight = RegisterParameter("weight", Tensor.Ones(channels));
        Bias = RegisterParameter("bias", Tensor.Zeros(channels));
    }

    protected override Tensor ForwardCore(Tensor x) => F.GroupNorm(x, Groups, Weight, Bias, Eps);
}
