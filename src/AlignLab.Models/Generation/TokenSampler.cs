using System.Numerics.Tensors;
using AlignLab.Core;

namespace AlignLab.Models.Generation;

/// <summary>Picks the next token from one row of logits: argmax, or temperature → top-k → top-p → a seeded draw.</summary>
public sealed class TokenSampler(GenerationOptions options, Generator? generator)
{
    private float[] _probs = [];
    private int[] _order = [];

    public int Next(ReadOnlySpan<float> logits)
    {
        if (options.Temperature == 0) return TensorPrimitives.IndexOfMax(logits);
        if (generator == null) throw new ArgumentException("sampling with temperature > 0 needs a seeded Generator");
        int n = logits.Length;
        if (_probs.Length != n) (_probs, _order) = (new float[n], new int[n]);
        var probs = _probs.AsSpan();
        TensorPrimitives.Multiply(logits, 1f / options.Temperature, probs);
        TensorPrimitives.SoftMax(probs, probs);
        if (options.TopK == 0 && options.TopP >= 1f) return Draw(probs);
        for (int i = 0; i < n; i++) _order[i] = i;
        // Descending probability, ties by index, so the kept set never depends on sort stability.
        Array.Sort(_order, (a, b) => _probs[a] != _probs[b] ? _probs[b].CompareTo(_probs[a]) : a.CompareTo(b));
        int keep = options.TopK > 0 ? Math.Min(options.TopK, n) : n;
        double topK = 0;
        for (int i = 0; i < keep; i++) topK += _probs[_order[i]];
        // Top-p acts on the top-k distribution renormalised, as in Hugging Face's warper chain (top-k, then top-p).
        double mass = 0;
        for (int i = 0; i < keep; i++)
        {
            mass += _probs[_order[i]];
            if (mass >= options.TopP * topK) { keep = i + 1; break; }
        }
        double u = generator.NextDouble() * mass, acc = 0;
        for (int i = 0; i < keep; i++)
        {
            acc += _probs[_order[i]];
            if (u < acc) return _order[i];
        }
        return _order[keep - 1];
    }

    /// <summary>Inverse-CDF draw over the whole vocabulary: no sort needed when nothing is cut off.</summary>
    private int Draw(ReadOnlySpan<float> probs)
    {
        double u = generator!.NextDouble() * TensorPrimitives.Sum(probs), acc = 0;
        for (int i = 0; i < probs.Length; i++)
        {
            acc += probs[i];
            if (u < acc) return i;
        }
        return TensorPrimitives.IndexOfMax(probs);
    }
}
