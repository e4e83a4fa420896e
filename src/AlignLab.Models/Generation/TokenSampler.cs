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
        for (int i = 0; i < n; i++) _order[i] = i;
        // Descending probability, ties by index, so the kept set never depends on sort stability.
        Array.Sort(_order, (a, b) => _probs[a] != _probs[b] ? _probs[b].CompareTo(_probs[a]) : a.CompareTo(b));
        int keep = options.TopK > 0 ? Math.Min(options.TopK, n) : n;
        double mass = 0, kept = 0;
        for (int i = 0; i < keep; i++)
        {
            mass += _probs[_order[i]];
            if (mass >= options.TopP) { keep = i + 1; break; }
        }
        for (int i = 0; i < keep; i++) kept += _probs[_order[i]];
        double u = generator.NextDouble() * kept, acc = 0;
        for (int i = 0; i < keep; i++)
        {
            acc += _probs[_order[i]];
            if (u < acc) return _order[i];
        }
        return _order[keep - 1];
    }
}
