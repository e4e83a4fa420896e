using AlignLab.Core;
using AlignLab.Models.Hooks;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.Steering;

/// <summary>Activations of a set of texts at every residual point, as float64 feature vectors.</summary>
public sealed record CapturedActivations(string[] PointNames, double[][][] Features, double[] TypicalNorms, int Dim, FeatureSpan Span)
{
    /// <summary>Feature vectors [text] at layer <paramref name="layer"/>, each [Span.Rows × Dim] row-major.</summary>
    public double[][] At(int layer) => Features[layer];
}

/// <summary>
/// Runs texts through a model with read-only hooks on every residual point and keeps the activations at the feature
/// span. Each text is prefixed with &lt;|endoftext|&gt; (how the model saw document starts in training) and cut after
/// the span, which changes nothing before it in a causal model.
/// </summary>
public static class ActivationCapture
{
    public const int Batch = 32;

    public static CapturedActivations Capture(IResidualStreamModel model, ByteLevelBpeTokenizer tokenizer, IReadOnlyList<string> texts, FeatureSpan span,
        CancellationToken cancel = default)
    {
        span.Validate();
        if (texts.Count == 0) throw new ArgumentException("activation capture needs at least one text");
        if (span.End > model.MaxPositions) throw new ArgumentException($"the feature span ends at {span.End}, beyond the model's {model.MaxPositions} positions");
        int layers = model.LayerCount;
        var ids = new int[texts.Count][];
        for (int i = 0; i < texts.Count; i++)
        {
            var encoded = Prompt(tokenizer, texts[i]);
            if (encoded.Length < span.End)
                throw new ArgumentException($"text {i} has {encoded.Length} tokens (with <|endoftext|>), fewer than the feature span's end {span.End}");
            ids[i] = encoded[..span.End];
        }
        var features = new double[layers][][];
        for (int l = 0; l < layers; l++) features[l] = new double[texts.Count][];
        var norms = new double[layers];
        int dim = 0, current = 0;
        var handles = new List<IDisposable>();
        for (int l = 0; l < layers; l++)
        {
            int layer = l;
            handles.Add(model.Residual.Add(layer, (site, residual) =>
            {
                var x = residual.Contiguous().AsSpan();
                int b = residual.Shape[0], t = residual.Shape[1], d = residual.Shape[2];
                dim = d;
                for (int row = 0; row < b; row++)
                {
                    var f = new double[span.Rows * d];
                    for (int j = 0; j < span.Length; j++)
                    {
                        var src = x.Slice((row * t + span.Start + j) * d, d);
                        int r = span.Pooling == SpanPooling.Concat ? j : 0;
                        double w = span.Pooling == SpanPooling.Concat ? 1 : 1.0 / span.Length, sq = 0;
                        for (int c = 0; c < d; c++) { f[r * d + c] += w * src[c]; sq += (double)src[c] * src[c]; }
                        norms[layer] += Math.Sqrt(sq);
                    }
                    features[layer][current + row] = f;
                }
                return null;
            }));
        }
        try
        {
            using var _ = GradMode.NoGrad();
            for (current = 0; current < texts.Count; current += Batch)
            {
                cancel.ThrowIfCancellationRequested();
                int n = Math.Min(Batch, texts.Count - current);
                var flat = new int[n * span.End];
                for (int i = 0; i < n; i++) ids[current + i].CopyTo(flat, i * span.End);
                model.Logits(new IntTensor(flat, n, span.End), lastOnly: true);
            }
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
        for (int l = 0; l < layers; l++) norms[l] /= (double)texts.Count * span.Length;
        return new CapturedActivations(Enumerable.Range(0, layers).Select(model.Residual.Name).ToArray(), features, norms, dim, span);
    }

    /// <summary>&lt;|endoftext|&gt; (when the tokenizer has it) followed by the text's tokens.</summary>
    public static int[] Prompt(ByteLevelBpeTokenizer tokenizer, string text)
    {
        var ids = new List<int>();
        if (tokenizer.EndOfTextId is int eos) ids.Add(eos);
        tokenizer.Encode(text, ids);
        return ids.ToArray();
    }
}
