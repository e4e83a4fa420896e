using AlignLab.Core;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// The seven linear weights of one decoder layer as the forward uses them ([out, in]): o_proj's input already rotated by
/// R2 and down_proj's by R4 when those are on, and quantized when the model quantizes weights.
/// </summary>
public sealed record LayerWeights(Tensor Q, Tensor K, Tensor V, Tensor O, Tensor Gate, Tensor Up, Tensor Down)
{
    public IEnumerable<(string Name, Tensor Weight)> Named() =>
    [
        ("self_attn.q_proj", Q), ("self_attn.k_proj", K), ("self_attn.v_proj", V), ("self_attn.o_proj", O),
        ("mlp.gate_proj", Gate), ("mlp.up_proj", Up), ("mlp.down_proj", Down),
    ];

    public LayerWeights With(string name, Tensor w) => name switch
    {
        "self_attn.q_proj" => this with { Q = w }, "self_attn.k_proj" => this with { K = w }, "self_attn.v_proj" => this with { V = w },
        "self_attn.o_proj" => this with { O = w }, "mlp.gate_proj" => this with { Gate = w }, "mlp.up_proj" => this with { Up = w },
        "mlp.down_proj" => this with { Down = w },
        _ => throw new ArgumentException($"no linear named '{name}' in a decoder layer"),
    };
}
