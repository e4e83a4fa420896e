using AlignLab.Core;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// The seven linear weights of one decoder layer in real low-bit storage, exactly the values of the fake-quantized
/// <see cref="LayerWeights"/> they were packed from (R2 folded into o_proj's input columns and R4 into down_proj's).
/// </summary>
public sealed record PackedLayer(QuantizedMatrix Q, QuantizedMatrix K, QuantizedMatrix V, QuantizedMatrix O,
    QuantizedMatrix Gate, QuantizedMatrix Up, QuantizedMatrix Down)
{
    /// <summary>The same linear names as <see cref="LayerWeights.Named"/>.</summary>
    public static readonly string[] Names = ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"];

    public QuantizedMatrix[] All() => [Q, K, V, O, Gate, Up, Down];

    public static PackedLayer From(IReadOnlyList<QuantizedMatrix> m) => new(m[0], m[1], m[2], m[3], m[4], m[5], m[6]);

    /// <summary>Packs <paramref name="effective"/> (on the grids of <paramref name="rotated"/>, as RTN and GPTQ choose them).</summary>
    public static PackedLayer Pack(LayerWeights rotated, LayerWeights effective, QuantSpec spec)
    {
        var r = rotated.Named().Select(n => n.Weight).ToArray();
        var e = effective.Named().Select(n => n.Weight).ToArray();
        var packed = new QuantizedMatrix[r.Length];
        for (int i = 0; i < r.Length; i++)
        {
            int rows = r[i].Shape[0], cols = r[i].Shape[1];
            try { packed[i] = QuantizedMatrix.OnGrid(r[i].Contiguous().AsSpan(), e[i].Contiguous().AsSpan(), rows, cols, spec.Bits, spec.Symmetric, spec.Clip); }
            catch (ArgumentException ex) { throw new ArgumentException($"{Names[i]}: {ex.Message}", ex); }
        }
        return From(packed);
    }

    public long Bytes => All().Sum(m => m.Bytes);
}
