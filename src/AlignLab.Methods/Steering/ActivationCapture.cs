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
/// the span, which changes nothing before it in a causal model. Texts of a batch may differ in length (see
/// <see cref="SpanPooling.MeanToEnd"/>): each is right-padded, which a causal model's earlier positions never see.
/// </summary>
public static class ActivationCapture
{
    public const int Batch = 32;

    /// <param name="where">Names of the texts for errors (e.g. <c>file:line</c>); default "text i".</param>
    public static CapturedActivations Capture(IResidualStreamModel model, ByteLevelBpeTokenizer tokenizer, IReadOnlyList<string> texts, FeatureSpan span,
        CancellationToken cancel = default, IReadOnlyList<string>? where = null)
    {
        var ids = Encode(model, tokenizer, texts, span, where);
        int layers = model.LayerCount;
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
                    features[layer][current + row] = Pool(x.Slice(row * t * d, t * d), d, span, ids[current + row].Length - span.Start, ref norms[layer]);
                return null;
            }));
        }
        long tokens = Run(model, ids, span, first => current = first, handles, cancel);
        for (int l = 0; l < layers; l++) norms[l] /= tokens;
        return new CapturedActivations(Enumerable.Range(0, layers).Select(model.Residual.Name).ToArray(), features, norms, dim, span);
    }

    /// <summary>
    /// Every layer's attention-head outputs [H·hd] averaged over the span's tokens (whatever its pooling), as
    /// [layer][text] feature vectors: what per-head probes (ITI) read.
    /// </summary>
    public static double[][][] CaptureHeads(IAttentionHeadModel model, ByteLevelBpeTokenizer tokenizer, IReadOnlyList<string> texts, FeatureSpan span,
        CancellationToken cancel = default)
    {
        var ids = Encode(model, tokenizer, texts, span, null);
        var mean = span with { Pooling = span.Pooling == SpanPooling.Concat ? SpanPooling.Mean : span.Pooling };
        var heads = model.Heads;
        var features = new double[heads.LayerCount][][];
        int current = 0;
        double unused = 0;
        var handles = new List<IDisposable>();
        for (int l = 0; l < heads.LayerCount; l++)
        {
            int layer = l;
            features[layer] = new double[texts.Count][];
            handles.Add(heads.Add(layer, x =>
            {
                var data = x.Contiguous().AsSpan();
                int b = x.Shape[0], t = x.Shape[1], w = x.Shape[2];
                for (int row = 0; row < b; row++)
                    features[layer][current + row] = Pool(data.Slice(row * t * w, t * w), w, mean, ids[current + row].Length - span.Start, ref unused);
                return null;
            }));
        }
        Run(model, ids, span, first => current = first, handles, cancel);
        return features;
    }

    /// <summary>Each text with &lt;|endoftext|&gt;, cut after the span (a one-line error names a text too short for it).</summary>
    private static int[][] Encode(IResidualStreamModel model, ByteLevelBpeTokenizer tokenizer, IReadOnlyList<string> texts, FeatureSpan span, IReadOnlyList<string>? where)
    {
        span.Validate();
        if (texts.Count == 0) throw new ArgumentException("activation capture needs at least one text");
        if (span.Pooling != SpanPooling.MeanToEnd && span.End > model.MaxPositions)
            throw new ArgumentException($"the feature span ends at {span.End}, beyond the model's {model.MaxPositions} positions");
        int end = Math.Min(span.End, model.MaxPositions);
        var ids = new int[texts.Count][];
        for (int i = 0; i < texts.Count; i++)
        {
            var encoded = Prompt(tokenizer, texts[i]);
            if (encoded.Length < span.MinTokens)
                throw new ArgumentException($"{(where is null ? $"text {i}" : where[i])}: the text has {encoded.Length} tokens (with <|endoftext|>), fewer than the feature span needs ({span.MinTokens})");
            ids[i] = encoded[..Math.Min(encoded.Length, end)];
        }
        return ids;
    }

    /// <summary>Runs the texts in batches with <paramref name="handles"/> attached (disposed at the end); returns the span tokens seen.</summary>
    private static long Run(IResidualStreamModel model, int[][] ids, FeatureSpan span, Action<int> batchStart, List<IDisposable> handles, CancellationToken cancel)
    {
        long tokens = 0;
        try
        {
            using var _ = GradMode.NoGrad();
            for (int first = 0; first < ids.Length; first += Batch)
            {
                cancel.ThrowIfCancellationRequested();
                batchStart(first);
                int n = Math.Min(Batch, ids.Length - first), width = 0;
                for (int i = 0; i < n; i++) { width = Math.Max(width, ids[first + i].Length); tokens += Math.Min(span.Length, ids[first + i].Length - span.Start); }
                // Shorter texts are padded on the right: a causal model's earlier positions never see the padding.
                var flat = new int[n * width];
                for (int i = 0; i < n; i++) ids[first + i].CopyTo(flat, i * width);
                model.Logits(new IntTensor(flat, n, width), lastOnly: true);
            }
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }
        return tokens;
    }

    /// <summary>One text's feature vector from its residual rows [T × d]; adds the used rows' norms to <paramref name="normSum"/>.</summary>
    private static double[] Pool(ReadOnlySpan<float> x, int d, FeatureSpan span, int available, ref double normSum)
    {
        int used = Math.Min(span.Length, available);
        bool concat = span.Pooling == SpanPooling.Concat;
        var f = new double[span.Rows * d];
        double w = concat ? 1 : 1.0 / used;
        for (int j = 0; j < used; j++)
        {
            var src = x.Slice((span.Start + j) * d, d);
            int offset = concat ? j * d : 0;
            double sq = 0;
            for (int c = 0; c < d; c++) { f[offset + c] += w * src[c]; sq += (double)src[c] * src[c]; }
            normSum += Math.Sqrt(sq);
        }
        return f;
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
