using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// f(W) = ½ Σ_i ‖T(X_i; W) − y_i‖² for one attention layer over a whole data set (full batch); only the
/// <see cref="Trainable"/> matrices get a gradient, the others read as zero so an optimizer leaves them fixed.
/// </summary>
/// <remarks>Sequences are summed in index order, so the value is bit-identical on every run.</remarks>
public sealed class RegressionObjective : IDifferentiableObjective
{
    public AttentionShape Shape { get; }
    public AttentionKernel Kernel { get; }
    public RegressionData Data { get; }
    public WeightGroups Trainable { get; }

    private readonly AttentionLayer layer;
    private readonly double[] output;

    public RegressionObjective(RegressionData data, AttentionShape shape, AttentionKernel kernel, WeightGroups trainable)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (data.EmbeddingDim != shape.EmbeddingDim)
            throw new ArgumentException($"data: embedding dim {data.EmbeddingDim} differs from the layer's {shape.EmbeddingDim}", nameof(data));
        if (data.OutputDim != shape.OutputDim)
            throw new ArgumentException($"data: output dim {data.OutputDim} differs from the layer's {shape.OutputDim}", nameof(data));
        Data = data;
        Shape = shape;
        Kernel = kernel;
        Trainable = trainable;
        layer = new AttentionLayer(shape, kernel, data.Tokens);
        output = new double[data.Tokens * shape.OutputDim];
    }

    public int Dimension => Shape.ParameterCount;

    public double Loss(double[] parameters)
    {
        var w = Wrap(parameters);
        double loss = 0.0;
        for (int i = 0; i < Data.Sequences; i++)
        {
            layer.Forward(Data.Input(i), Data.Tokens, w, output);
            var y = Data.Target(i);
            for (int t = 0; t < output.Length; t++)
            {
                double r = output[t] - y[t];
                loss += r * r;
            }
        }
        return 0.5 * loss;
    }

    public double LossAndGradient(double[] parameters, double[] gradient)
    {
        var w = Wrap(parameters);
        var g = Wrap(gradient);
        Array.Clear(gradient);
        double loss = 0.0;
        for (int i = 0; i < Data.Sequences; i++)
        {
            var x = Data.Input(i);
            layer.Forward(x, Data.Tokens, w, output);
            var y = Data.Target(i);
            for (int t = 0; t < output.Length; t++)
            {
                double r = output[t] - y[t];
                loss += r * r;
                output[t] = r; // reused as ∂f/∂output
            }
            layer.Backward(x, w, output, g, Trainable, Span<double>.Empty);
        }
        return 0.5 * loss;
    }

    /// <summary>The layer's outputs for every sequence (N×n×OutputDim), e.g. to make teacher targets.</summary>
    public double[] Predict(double[] parameters)
    {
        var w = Wrap(parameters);
        var all = new double[Data.Sequences * Data.Tokens * Shape.OutputDim];
        for (int i = 0; i < Data.Sequences; i++)
            layer.Forward(Data.Input(i), Data.Tokens, w, all.AsSpan(i * output.Length, output.Length));
        return all;
    }

    private AttentionParameters Wrap(double[] parameters)
    {
        if (parameters.Length != Dimension)
            throw new ArgumentException($"parameters: expected {Dimension} values, got {parameters.Length}", nameof(parameters));
        return new AttentionParameters(Shape, parameters);
    }
}
