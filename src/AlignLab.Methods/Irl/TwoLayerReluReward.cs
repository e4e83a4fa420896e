using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Irl;

/// <summary>
/// The overparameterised reward of the analysis: f(x; W) = (1/√m) Σ_i b_i ReLU(w_iᵀx) with output signs
/// b_i = ±1 fixed, w_i ~ N(0, I/d), only W trained, optionally projected onto ‖W − W₀‖_F ≤ R. The 1/√m scaling keeps
/// the output variance at initialisation and the neural tangent kernel (1/m) Σ_i 1[w_iᵀx > 0]1[w_iᵀx' > 0] xᵀx'
/// independent of m, so a wide network trains like its linearisation around W₀ (the NTK regime).
/// With <c>symmetric</c> the second half of the neurons copies the first with opposite signs, so f(·; W₀) = 0 exactly
/// (the usual trick to start from the zero function without leaving the regime).
/// </summary>
public sealed class TwoLayerReluReward : RewardModelBase
{
    private readonly double[] _x, _w, _w0, _sign;
    private readonly int _dimension;
    private readonly double _scale;

    public int Width { get; }
    /// <summary>Projection radius R on ‖W − W₀‖_F (∞: no projection).</summary>
    public double Radius { get; }

    public TwoLayerReluReward(FiniteMdp mdp, int width, Generator random, RewardInput input = RewardInput.State,
                              bool symmetric = true, double radius = double.PositiveInfinity) : base(mdp, input)
    {
        if (width < 1 || (symmetric && width % 2 != 0)) throw new ArgumentException($"width: {width} must be positive{(symmetric ? " and even (symmetric initialisation)" : "")}");
        if (!(radius > 0)) throw new ArgumentException($"radius: {radius} must be positive");
        Width = width;
        Radius = radius;
        _x = InputVectors(out _dimension);
        _scale = 1 / Math.Sqrt(width);
        _w = new double[width * _dimension];
        _sign = new double[width];
        double std = 1 / Math.Sqrt(_dimension);
        int drawn = symmetric ? width / 2 : width;
        for (int i = 0; i < drawn; i++)
        {
            for (int k = 0; k < _dimension; k++) _w[i * _dimension + k] = std * random.NextGaussian();
            _sign[i] = random.NextDouble() < 0.5 ? -1 : 1;
        }
        if (symmetric)
            for (int i = 0; i < drawn; i++)
            {
                _w.AsSpan(i * _dimension, _dimension).CopyTo(_w.AsSpan((i + drawn) * _dimension, _dimension));
                _sign[i + drawn] = -_sign[i];
            }
        _w0 = (double[])_w.Clone();
    }

    public override string Name => $"mlp (m = {Width})";
    public override int ParameterCount => _w.Length;
    public override Span<double> Parameters => _w;

    /// <summary>‖W − W₀‖_F.</summary>
    public double DistanceFromInit()
    {
        double sum = 0;
        for (int i = 0; i < _w.Length; i++) sum += (_w[i] - _w0[i]) * (_w[i] - _w0[i]);
        return Math.Sqrt(sum);
    }

    /// <summary>‖W₀‖_F.</summary>
    public double InitNorm()
    {
        double sum = 0;
        foreach (double v in _w0) sum += v * v;
        return Math.Sqrt(sum);
    }

    protected override void EvaluateInputs(Span<double> values)
    {
        for (int n = 0; n < values.Length; n++)
        {
            var x = _x.AsSpan(n * _dimension, _dimension);
            double sum = 0;
            for (int i = 0; i < Width; i++)
            {
                double pre = DenseKernels.Dot(_w.AsSpan(i * _dimension, _dimension), x);
                if (pre > 0) sum += _sign[i] * pre;
            }
            values[n] = _scale * sum;
        }
    }

    protected override void AddInputGradient(ReadOnlySpan<double> weights, Span<double> gradient)
    {
        for (int n = 0; n < weights.Length; n++)
        {
            double weight = weights[n];
            if (weight == 0) continue;
            var x = _x.AsSpan(n * _dimension, _dimension);
            for (int i = 0; i < Width; i++)
            {
                var wi = _w.AsSpan(i * _dimension, _dimension);
                if (DenseKernels.Dot(wi, x) <= 0) continue;
                double factor = weight * _scale * _sign[i];
                var gi = gradient.Slice(i * _dimension, _dimension);
                for (int k = 0; k < _dimension; k++) gi[k] += factor * x[k];
            }
        }
    }

    public override void Project()
    {
        if (double.IsPositiveInfinity(Radius)) return;
        double distance = DistanceFromInit();
        if (distance <= Radius) return;
        double shrink = Radius / distance;
        for (int i = 0; i < _w.Length; i++) _w[i] = _w0[i] + shrink * (_w[i] - _w0[i]);
    }

    /// <summary>The empirical NTK (1/m) Σ_i 1[w_iᵀx_a > 0] 1[w_iᵀx_b > 0] x_aᵀx_b between inputs a and b at the current W.</summary>
    public double TangentKernel(int a, int b)
    {
        var xa = _x.AsSpan(a * _dimension, _dimension);
        var xb = _x.AsSpan(b * _dimension, _dimension);
        int both = 0;
        for (int i = 0; i < Width; i++)
        {
            var wi = _w.AsSpan(i * _dimension, _dimension);
            if (DenseKernels.Dot(wi, xa) > 0 && DenseKernels.Dot(wi, xb) > 0) both++;
        }
        return (double)both / Width * DenseKernels.Dot(xa, xb);
    }
}
