using AlignLab.Core;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// Makes a Llama model rotation-ready without changing its function: each RMSNorm gain γ moves into the input columns
/// of the linears that read the norm's output (W ← W·diag(γ): q/k/v after input_layernorm, gate/up after
/// post_attention_layernorm, lm_head after the final norm) and the gains become 1. A plain RMS normalisation commutes
/// with any orthogonal R (‖xR‖ = ‖x‖), which is what lets R1 be fused into the weights exactly
/// (<see cref="RotateResidual"/>). A tied head is untied first, since the embedding and the head receive different gains.
/// </summary>
public static class NormFolding
{
    /// <summary>A folded copy of <paramref name="model"/>; the original is not modified.</summary>
    public static LlamaModel Fold(LlamaModel model)
    {
        var config = model.Config with { TieWordEmbeddings = false };
        var folded = new LlamaModel(config, new Generator(0));
        var src = model.StateDict();
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, p) in folded.StateDict())
            state[name] = name == "lm_head.weight" && !src.ContainsKey(name) ? Copy(src["model.embed_tokens.weight"]) : Copy(src[name]);
        for (int i = 0; i < config.NumHiddenLayers; i++)
        {
            string pre = $"model.layers.{i}.";
            var gIn = state[pre + "input_layernorm.weight"];
            foreach (var n in new[] { "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj" }) state[pre + n + ".weight"] = ScaleColumns(state[pre + n + ".weight"], gIn);
            var gPost = state[pre + "post_attention_layernorm.weight"];
            foreach (var n in new[] { "mlp.gate_proj", "mlp.up_proj" }) state[pre + n + ".weight"] = ScaleColumns(state[pre + n + ".weight"], gPost);
            state[pre + "input_layernorm.weight"] = Tensor.Ones(config.HiddenSize);
            state[pre + "post_attention_layernorm.weight"] = Tensor.Ones(config.HiddenSize);
        }
        state["lm_head.weight"] = ScaleColumns(state["lm_head.weight"], state["model.norm.weight"]);
        state["model.norm.weight"] = Tensor.Ones(config.HiddenSize);
        folded.LoadStateDict(state);
        return folded;
    }

    /// <summary>
    /// Fuses R1 into the residual stream of a folded model, in place: embedding rows E ← E·R1, readers of the stream
    /// (q/k/v, gate/up, lm_head) W ← W·R1, writers (o_proj, down_proj) W ← R1ᵀ·W. The stream then lives in the rotated
    /// basis and the outputs are unchanged.
    /// </summary>
    public static void RotateResidual(LlamaModel folded, IRotation r1)
    {
        CheckFolded(folded);
        if (r1.Size != folded.Config.HiddenSize) throw new ArgumentException($"R1 is {r1.Size}×{r1.Size} but hidden_size is {folded.Config.HiddenSize}");
        using var _ = GradMode.NoGrad();
        Set(folded.Model.EmbedTokens.Weight, r1.Apply(folded.Model.EmbedTokens.Weight));
        foreach (var layer in folded.Model.Layers.Items)
        {
            foreach (var w in new[] { layer.SelfAttn.QProj.Weight, layer.SelfAttn.KProj.Weight, layer.SelfAttn.VProj.Weight, layer.Mlp.GateProj.Weight, layer.Mlp.UpProj.Weight })
                Set(w, r1.Apply(w));
            foreach (var w in new[] { layer.SelfAttn.OProj.Weight, layer.Mlp.DownProj.Weight }) Set(w, r1.ApplyTransposedLeft(w));
        }
        Set(folded.LmHead!.Weight, r1.Apply(folded.LmHead.Weight));
    }

    /// <summary>Throws unless every norm gain is exactly 1 and the head is untied (what <see cref="Fold"/> produces).</summary>
    public static void CheckFolded(LlamaModel model)
    {
        if (model.LmHead == null) throw new ArgumentException("the model's head is tied to its embedding; fold it first (NormFolding.Fold)");
        foreach (var (name, p) in model.NamedParameters())
            if (name.EndsWith("layernorm.weight", StringComparison.Ordinal) || name == "model.norm.weight")
                foreach (float v in p.Contiguous().AsSpan())
                    if (v != 1f) throw new ArgumentException($"norm gain '{name}' is not folded (a value is {v}, not 1); fold it first (NormFolding.Fold)");
    }

    /// <summary>Overwrites a parameter's values in place (the optimizer and modules keep referring to the same tensor).</summary>
    public static void Set(Tensor parameter, Tensor value)
    {
        if (!parameter.Shape.SequenceEqual(value.Shape)) throw new ArgumentException($"cannot overwrite {ShapeUtil.Format(parameter.Shape)} with {ShapeUtil.Format(value.Shape)}");
        value.Contiguous().AsSpan().CopyTo(parameter.AsSpan());
    }

    private static Tensor ScaleColumns(Tensor w, Tensor gain)
    {
        using var _ = GradMode.NoGrad();
        return Copy(w * gain);
    }

    private static Tensor Copy(Tensor t) => Tensor.FromArray(t.Contiguous().AsSpan(), t.Shape.ToArray());
}
