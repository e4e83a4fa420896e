using AlignLab.Core;

namespace AlignLab.Methods.Quantization;

/// <summary>Post-training quantization of a fine-tuned model: round-to-nearest weights, or GPTQ weights from calibration inputs.</summary>
public static class PostTrainingQuantization
{
    /// <summary>RTN: every weight rounded to its per-channel min-max grid, activations and KV quantized on the fly.</summary>
    public static QuantLlama Rtn(QuantLlama model) => model.Freeze();

    /// <summary>
    /// GPTQ weights from the inputs each linear sees in the float model with the same rotations (one pass over
    /// <paramref name="calibration"/>; layers are not re-calibrated sequentially), then the model's own activation
    /// and KV quantizers at run time.
    /// </summary>
    public static QuantLlama Gptq(QuantLlama model, IReadOnlyList<IntTensor> calibration)
    {
        var spec = model.Scheme?.Weights ?? throw new InvalidOperationException("GPTQ needs a scheme that quantizes weights");
        var c = model.Config;
        var hessians = new Dictionary<(int, string), Quantization.Gptq.Hessian>();
        var scheme = model.Scheme;
        model.Frozen = null;
        model.Scheme = null;
        model.Capture = (layer, name, x) =>
        {
            if (!hessians.TryGetValue((layer, name), out var h)) hessians[(layer, name)] = h = new Quantization.Gptq.Hessian(x.Shape[^1]);
            h.Add(x);
        };
        try
        {
            using (GradMode.NoGrad())
                foreach (var ids in calibration) model.Logits(ids);
        }
        finally
        {
            model.Capture = null;
            model.Scheme = scheme;
        }
        var frozen = new LayerWeights[c.NumHiddenLayers];
        using (GradMode.NoGrad())
            for (int l = 0; l < c.NumHiddenLayers; l++)
            {
                var w = model.RotatedWeights(l);
                frozen[l] = new LayerWeights(
                    Quantization.Gptq.Quantize(w.Q, hessians[(l, "qkv")], spec), Quantization.Gptq.Quantize(w.K, hessians[(l, "qkv")], spec),
                    Quantization.Gptq.Quantize(w.V, hessians[(l, "qkv")], spec), Quantization.Gptq.Quantize(w.O, hessians[(l, "o")], spec),
                    Quantization.Gptq.Quantize(w.Gate, hessians[(l, "gate_up")], spec), Quantization.Gptq.Quantize(w.Up, hessians[(l, "gate_up")], spec),
                    Quantization.Gptq.Quantize(w.Down, hessians[(l, "down")], spec));
            }
        model.Frozen = frozen;
        return model;
    }
}
