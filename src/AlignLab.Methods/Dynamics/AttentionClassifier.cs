using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// The B4 model in double precision with a hand-written backward (see <see cref="ClassifierConfig"/>). All
/// weights live in one flat vector: token embeddings, position embeddings, each layer's attention weights,
/// then the head (W1, b1, W2, b2). One instance holds the scratch of one example: use one per thread.
/// </summary>
public sealed class AttentionClassifier
{
    public ClassifierConfig Config { get; }
    public int ParameterCount { get; }

    private readonly AttentionShape shape;
    private readonly int positionOffset, w1Offset, b1Offset, w2Offset, b2Offset;
    private readonly int[] layerOffsets;
    private readonly AttentionLayer[] layers;
    private readonly double[][] activations; // x_0 … x_L, n×D each
    private readonly double[] attentionOut, dCurrent, dPrevious, pooled, preActivation, hidden, logits, dLogits, dHidden, dPooled;

    public AttentionClassifier(ClassifierConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        shape = config.AttentionShape;
        int D = config.EmbeddingDim, n = config.Tokens;
        positionOffset = config.Vocabulary * D;
        layerOffsets = new int[config.Layers];
        int offset = positionOffset + n * D;
        for (int l = 0; l < config.Layers; l++)
        {
            layerOffsets[l] = offset;
            offset += shape.ParameterCount;
        }
        w1Offset = offset;
        b1Offset = w1Offset + config.Hidden * D;
        w2Offset = b1Offset + config.Hidden;
        b2Offset = w2Offset + config.Classes * config.Hidden;
        ParameterCount = b2Offset + config.Classes;

        layers = new AttentionLayer[config.Layers];
        for (int l = 0; l < config.Layers; l++) layers[l] = new AttentionLayer(shape, config.Kernel, n);
        activations = new double[config.Layers + 1][];
        for (int l = 0; l <= config.Layers; l++) activations[l] = new double[n * D];
        attentionOut = new double[n * D];
        dCurrent = new double[n * D];
        dPrevious = new double[n * D];
        pooled = new double[D];
        dPooled = new double[D];
        preActivation = new double[config.Hidden];
        hidden = new double[config.Hidden];
        dHidden = new double[config.Hidden];
        logits = new double[config.Classes];
        dLogits = new double[config.Classes];
    }

    /// <summary>
    /// Embeddings N(0, 1/D) (token vectors of norm ≈ 1), attention and head weights N(0, 1/fan-in), biases 0.
    /// The same init for both kernels, so a comparison differs only in the kernel.
    /// </summary>
    public double[] Initialize(Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var p = new double[ParameterCount];
        int D = Config.EmbeddingDim;
        random.FillNormal(p.AsSpan(0, layerOffsets[0]), 1.0 / Math.Sqrt(D));
        for (int l = 0; l < Config.Layers; l++)
        {
            var w = Layer(p, l);
            w.FillGaussian(WeightGroups.Query, 1.0 / Math.Sqrt(D), random);
            w.FillGaussian(WeightGroups.Key, 1.0 / Math.Sqrt(D), random);
            w.FillGaussian(WeightGroups.Value, 1.0 / Math.Sqrt(D), random);
            w.FillGaussian(WeightGroups.Output, 1.0 / Math.Sqrt(shape.ConcatDim), random);
        }
        random.FillNormal(p.AsSpan(w1Offset, Config.Hidden * D), 1.0 / Math.Sqrt(D));
        random.FillNormal(p.AsSpan(w2Offset, Config.Classes * Config.Hidden), 1.0 / Math.Sqrt(Config.Hidden));
        return p;
    }

    /// <summary>Forward pass of one example; returns its loss and whether the arg-max class is the label.</summary>
    public (double Loss, bool Correct) Forward(double[] p, ReadOnlySpan<int> tokens, int label)
    {
        Check(p, tokens, label);
        int n = Config.Tokens, D = Config.EmbeddingDim;
        var x0 = activations[0];
        for (int j = 0; j < n; j++)
        {
            var row = x0.AsSpan(j * D, D);
            p.AsSpan(tokens[j] * D, D).CopyTo(row);
            DenseKernels.Axpy(1.0, p.AsSpan(positionOffset + j * D, D), row);
        }
        for (int l = 0; l < Config.Layers; l++)
        {
            layers[l].Forward(activations[l], n, Layer(p, l), attentionOut);
            var next = activations[l + 1];
            for (int i = 0; i < next.Length; i++) next[i] = activations[l][i] + attentionOut[i];
        }
        Array.Clear(pooled);
        var last = activations[Config.Layers];
        for (int j = 0; j < n; j++) DenseKernels.Axpy(1.0 / n, last.AsSpan(j * D, D), pooled);
        for (int k = 0; k < Config.Hidden; k++)
        {
            preActivation[k] = DenseKernels.Dot(p.AsSpan(w1Offset + k * D, D), pooled) + p[b1Offset + k];
            hidden[k] = Math.Max(preActivation[k], 0.0);
        }
        int best = 0;
        for (int c = 0; c < Config.Classes; c++)
        {
            logits[c] = DenseKernels.Dot(p.AsSpan(w2Offset + c * Config.Hidden, Config.Hidden), hidden) + p[b2Offset + c];
            if (logits[c] > logits[best]) best = c;
        }
        return (LossAndLogitGradient(label), best == label);
    }

    /// <summary>
    /// Backward of the last <see cref="Forward"/> (same p, tokens, label): adds <paramref name="scale"/>·∇loss
    /// into <paramref name="grad"/>.
    /// </summary>
    public void Backward(double[] p, ReadOnlySpan<int> tokens, double[] grad, double scale = 1.0)
    {
        if (grad.Length != ParameterCount)
            throw new ArgumentException($"grad: expected {ParameterCount} values, got {grad.Length}", nameof(grad));
        int n = Config.Tokens, D = Config.EmbeddingDim, hiddenSize = Config.Hidden;
        for (int c = 0; c < Config.Classes; c++)
        {
            double g = scale * dLogits[c];
            grad[b2Offset + c] += g;
            DenseKernels.Axpy(g, hidden, grad.AsSpan(w2Offset + c * hiddenSize, hiddenSize));
        }
        Array.Clear(dHidden);
        for (int c = 0; c < Config.Classes; c++)
            DenseKernels.Axpy(scale * dLogits[c], p.AsSpan(w2Offset + c * hiddenSize, hiddenSize), dHidden);
        Array.Clear(dPooled);
        for (int k = 0; k < hiddenSize; k++)
        {
            if (preActivation[k] <= 0) continue;
            grad[b1Offset + k] += dHidden[k];
            DenseKernels.Axpy(dHidden[k], pooled, grad.AsSpan(w1Offset + k * D, D));
            DenseKernels.Axpy(dHidden[k], p.AsSpan(w1Offset + k * D, D), dPooled);
        }
        for (int j = 0; j < n; j++)
        {
            var row = dCurrent.AsSpan(j * D, D);
            row.Clear();
            DenseKernels.Axpy(1.0 / n, dPooled, row);
        }
        for (int l = Config.Layers - 1; l >= 0; l--)
        {
            // x_{l+1} = x_l + Attn(x_l): the residual passes the gradient through unchanged.
            dCurrent.CopyTo(dPrevious, 0);
            layers[l].Backward(activations[l], Layer(p, l), dCurrent, Layer(grad, l), WeightGroups.All, dPrevious);
            dPrevious.CopyTo(dCurrent, 0);
        }
        for (int j = 0; j < n; j++)
        {
            var dx = dCurrent.AsSpan(j * D, D);
            DenseKernels.Axpy(1.0, dx, grad.AsSpan(tokens[j] * D, D));
            DenseKernels.Axpy(1.0, dx, grad.AsSpan(positionOffset + j * D, D));
        }
    }

    private AttentionParameters Layer(double[] vector, int layer) => new(shape, vector, layerOffsets[layer]);

    /// <summary>Loss of the current logits; leaves ∂loss/∂logits in dLogits.</summary>
    private double LossAndLogitGradient(int label)
    {
        if (Config.Loss == ClassifierLoss.Squared)
        {
            double loss = 0;
            for (int c = 0; c < Config.Classes; c++)
            {
                double r = logits[c] - (c == label ? 1.0 : 0.0);
                dLogits[c] = r;
                loss += 0.5 * r * r;
            }
            return loss;
        }
        double max = double.NegativeInfinity;
        foreach (double z in logits) max = Math.Max(max, z);
        double sum = 0;
        for (int c = 0; c < Config.Classes; c++) sum += Math.Exp(logits[c] - max);
        double logSum = max + Math.Log(sum);
        for (int c = 0; c < Config.Classes; c++) dLogits[c] = Math.Exp(logits[c] - logSum) - (c == label ? 1.0 : 0.0);
        return logSum - logits[label];
    }

    private void Check(double[] p, ReadOnlySpan<int> tokens, int label)
    {
        if (p.Length != ParameterCount) throw new ArgumentException($"parameters: expected {ParameterCount} values, got {p.Length}", nameof(p));
        if (tokens.Length != Config.Tokens) throw new ArgumentException($"tokens: expected {Config.Tokens}, got {tokens.Length}", nameof(tokens));
        if ((uint)label >= (uint)Config.Classes) throw new ArgumentOutOfRangeException(nameof(label), label, $"label must be in 0..{Config.Classes - 1}");
    }
}
