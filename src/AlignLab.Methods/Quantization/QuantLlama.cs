using AlignLab.Core;
using AlignLab.Core.Modules;
using AlignLab.Models.Generation;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// A Llama-family model computed with fake quantization and rotations, on the weights of a <see cref="LlamaModel"/>
/// whose RMSNorm gains have been folded into the following linears (<see cref="NormFolding"/>), so every norm is a
/// plain RMS normalisation and an orthogonal R1 fused into the weights leaves the function unchanged.
/// Each linear computes Q_a(x R) · Q_w(W R)ᵀ: weights per output channel, inputs per token, keys (after RoPE and R3)
/// and values per (token, head); embeddings, queries, attention probabilities and the head stay in float.
/// With <see cref="Scheme"/> null it is the float model. Gradients reach the stored weights through the straight-through
/// quantizers and the rotations, so it trains as it infers (quantization-aware fine-tuning).
/// </summary>
public sealed class QuantLlama : ICausalLM
{
    private readonly float[] _frequencies;
    private readonly Tensor _ones;
    private LayerRotations[] _rotations;

    public QuantLlama(LlamaModel folded, QuantScheme? scheme = null, IReadOnlyList<LayerRotations>? rotations = null)
    {
        NormFolding.CheckFolded(folded);
        Inner = folded;
        Config = folded.Config;
        Scheme = scheme;
        _frequencies = Config.RopeFrequencies();
        _ones = Tensor.Ones(Config.HiddenSize);
        _rotations = Enumerable.Repeat(LayerRotations.None, Config.NumHiddenLayers).ToArray();
        if (rotations != null) Rotations = rotations;
    }

    /// <summary>The folded (and possibly R1-rotated) float weights; what is trained and saved.</summary>
    public LlamaModel Inner { get; }
    public LlamaConfig Config { get; }
    public QuantScheme? Scheme { get; set; }
    /// <summary>Collects quantization errors when set (the rotation search and E(·) during training).</summary>
    public QuantErrorProbe? Probe { get; set; }
    /// <summary>When set, receives (layer, input name, input) for each linear input as the weights see it: "qkv", "o", "gate_up", "down" (GPTQ calibration).</summary>
    public Action<int, string, Tensor>? Capture { get; set; }

    /// <summary>Per layer, the online rotations in use.</summary>
    public IReadOnlyList<LayerRotations> Rotations
    {
        get => _rotations;
        set
        {
            if (value.Count != Config.NumHiddenLayers) throw new ArgumentException($"rotations for {value.Count} layers, the model has {Config.NumHiddenLayers}");
            foreach (var r in value)
            {
                if ((r.R2 || r.R3) && !AlignLab.Core.Kernels.HadamardKernel.IsPowerOfTwo(Config.HeadDim))
                    throw new ArgumentException($"R2/R3 need a power-of-two head_dim, got {Config.HeadDim}");
                if (r.R4 && !AlignLab.Core.Kernels.HadamardKernel.IsPowerOfTwo(Config.IntermediateSize))
                    throw new ArgumentException($"R4 needs a power-of-two intermediate_size, got {Config.IntermediateSize}");
            }
            _rotations = value.ToArray();
            Frozen = null;
            Packed = null;
        }
    }

    /// <summary>
    /// Effective weights computed once (rotated and quantized), used instead of recomputing them from <see cref="Inner"/>
    /// each forward: for evaluation and decoding, and for post-training methods (GPTQ) that choose quantized weights
    /// themselves. Null while training.
    /// </summary>
    public LayerWeights[]? Frozen { get; set; }

    /// <summary>
    /// The effective weights in real 4- or 8-bit storage (codes, per-row scale and zero), used by the forward instead of
    /// <see cref="Frozen"/> or <see cref="Inner"/>'s weights: inference only. Null unless <see cref="Pack"/> was called or
    /// the model was loaded from a packed folder.
    /// </summary>
    public PackedLayer[]? Packed { get; set; }

    /// <summary>Packs the effective weights (the frozen ones if frozen, e.g. GPTQ's; else round-to-nearest) into low-bit storage.</summary>
    public QuantLlama Pack()
    {
        var spec = Scheme?.Weights ?? throw new InvalidOperationException("packing needs a scheme that quantizes weights (e.g. w4a4kv4)");
        if (spec.Bits != 4 && spec.Bits != 8) throw new InvalidOperationException($"packed storage holds 4- or 8-bit weights, the scheme has {spec.Bits}");
        using (GradMode.NoGrad())
            Packed = Enumerable.Range(0, Config.NumHiddenLayers).Select(i => PackedLayer.Pack(RotatedWeights(i), Frozen?[i] ?? EffectiveWeights(i), spec)).ToArray();
        return this;
    }

    /// <summary>Computes and keeps the effective weights (call again after the weights change).</summary>
    public QuantLlama Freeze()
    {
        using (GradMode.NoGrad()) Frozen = Enumerable.Range(0, Config.NumHiddenLayers).Select(EffectiveWeights).ToArray();
        return this;
    }

    /// <summary>Layer <paramref name="i"/>'s float weights with R2/R4 folded into o_proj and down_proj inputs, before quantization.</summary>
    public LayerWeights RotatedWeights(int i)
    {
        var layer = Inner.Model.Layers[i];
        var r = _rotations[i];
        var o = layer.SelfAttn.OProj.Weight;
        if (r.R2)
        {
            int d = o.Shape[0];
            o = o.Reshape(d, Config.NumAttentionHeads, Config.HeadDim).Hadamard().Reshape(d, Config.NumAttentionHeads * Config.HeadDim);
        }
        var down = layer.Mlp.DownProj.Weight;
        if (r.R4) down = down.Hadamard();
        return new LayerWeights(layer.SelfAttn.QProj.Weight, layer.SelfAttn.KProj.Weight, layer.SelfAttn.VProj.Weight, o,
            layer.Mlp.GateProj.Weight, layer.Mlp.UpProj.Weight, down);
    }

    /// <summary>The weights the forward multiplies by: rotated, then quantized per output channel when weights are quantized.</summary>
    public LayerWeights EffectiveWeights(int i)
    {
        var w = RotatedWeights(i);
        var spec = Scheme?.Weights;
        if (spec == null) return w;
        if (Probe is { } probe)
            using (GradMode.NoGrad())
            {
                probe.Add(i, ErrorSite.R2, Mse(w.O, spec.Apply(w.O)));
                probe.Add(i, ErrorSite.R4, Mse(w.Down, spec.Apply(w.Down)));
                foreach (var t in new[] { w.Q, w.K, w.V, w.Gate, w.Up }) probe.Add(i, ErrorSite.Other, Mse(t, spec.Apply(t)));
            }
        return new LayerWeights(spec.Apply(w.Q), spec.Apply(w.K), spec.Apply(w.V), spec.Apply(w.O), spec.Apply(w.Gate), spec.Apply(w.Up), spec.Apply(w.Down));
    }

    public string ModelType => "llama";
    public int VocabSize => Config.VocabSize;
    public int MaxPositions => Config.MaxPositionEmbeddings;
    public int LayerCount => Config.NumHiddenLayers;
    public bool TiedHead => Config.TieWordEmbeddings;
    public Module Module => Inner;
    public Dictionary<string, object> ConfigJson() => Config.ToJson();

    /// <summary>The trainable tensors: every weight except the (folded, all-ones) norm gains, which must stay 1 for R1 to be exact.</summary>
    public IEnumerable<Tensor> TrainableParameters() => Inner.NamedParameters().Where(p => !p.Name.EndsWith("layernorm.weight", StringComparison.Ordinal) && p.Name != "model.norm.weight").Select(p => p.Parameter);

    public int HiddenSize => Config.HiddenSize;

    /// <summary>The final normalised hidden states (the folded norm's gain is 1), quantized and rotated like the logits.</summary>
    public Tensor Hidden(IntTensor ids, KvCache? cache = null)
    {
        int start = CausalLM.CheckInput(ids, cache, LayerCount, MaxPositions);
        var x = Inner.Model.EmbedTokens.Forward(ids);
        for (int i = 0; i < LayerCount; i++)
            x = Packed is { } packed ? Layer(i, x, null, packed[i], cache?[i], start, cache?.LeftPadding)
                : Layer(i, x, Frozen?[i] ?? EffectiveWeights(i), null, cache?[i], start, cache?.LeftPadding);
        return F.RmsNorm(x, _ones, Config.RmsNormEps);
    }

    public Tensor Logits(IntTensor ids, KvCache? cache = null, bool lastOnly = false)
    {
        var h = Hidden(ids, cache);
        if (lastOnly) h = h.Slice(1, h.Shape[1] - 1, h.Shape[1]);
        int b = h.Shape[0], t = h.Shape[1];
        var flat = h.Reshape(b * t, Config.HiddenSize);
        var logits = Inner.LmHead != null ? Inner.LmHead.Forward(flat) : flat.MatMul(Inner.Model.EmbedTokens.Weight.T());
        return logits.Reshape(b, t, Config.VocabSize);
    }

    /// <summary>One decoder layer with float weights <paramref name="w"/> or, when given, packed weights <paramref name="p"/>.</summary>
    private Tensor Layer(int i, Tensor x, LayerWeights? w, PackedLayer? p, LayerKvCache? cache, int start, int[]? leftPadding)
    {
        Tensor Lin(Tensor input, Tensor? weight, QuantizedMatrix? packed) => packed != null ? input.QuantizedLinear(packed) : F.Linear(input, weight!, null);
        int b = x.Shape[0], t = x.Shape[1], h = Config.NumAttentionHeads, hkv = Config.NumKeyValueHeads, hd = Config.HeadDim;
        var r = _rotations[i];
        var a = Act(i, ErrorSite.Other, F.RmsNorm(x, _ones, Config.RmsNormEps));
        Capture?.Invoke(i, "qkv", a);
        var q = F.Rope(Lin(a, w?.Q, p?.Q).Reshape(b, t, h, hd).Transpose(1, 2), _frequencies, start, leftPadding);
        var k = F.Rope(Lin(a, w?.K, p?.K).Reshape(b, t, hkv, hd).Transpose(1, 2), _frequencies, start, leftPadding);
        var v = Lin(a, w?.V, p?.V).Reshape(b, t, hkv, hd).Transpose(1, 2);
        if (r.R3) { q = q.Hadamard(); k = k.Hadamard(); }
        if (r.R2) v = v.Hadamard();
        k = Kv(i, ErrorSite.R3, k);
        v = Kv(i, ErrorSite.R2, v);
        if (cache != null) (k, v) = cache.Append(k, v);
        var y = F.ScaledDotProductAttention(q, k, v, causal: true, cache?.PaddingMask(t));
        var attended = Act(i, ErrorSite.R2, y.Transpose(1, 2).Reshape(b, t, h * hd));
        Capture?.Invoke(i, "o", attended);
        x = x + Lin(attended, w?.O, p?.O);

        var m = Act(i, ErrorSite.Other, F.RmsNorm(x, _ones, Config.RmsNormEps));
        Capture?.Invoke(i, "gate_up", m);
        var inner = Lin(m, w?.Gate, p?.Gate).Silu() * Lin(m, w?.Up, p?.Up);
        if (r.R4) inner = inner.Hadamard();
        inner = Act(i, ErrorSite.R4, inner);
        Capture?.Invoke(i, "down", inner);
        return x + Lin(inner, w?.Down, p?.Down);
    }

    private Tensor Act(int layer, ErrorSite site, Tensor x) => Quantize(Scheme?.Activations, layer, site, x);
    private Tensor Kv(int layer, ErrorSite site, Tensor x) => Quantize(Scheme?.KvCache, layer, site, x);

    private Tensor Quantize(QuantSpec? spec, int layer, ErrorSite site, Tensor x)
    {
        if (spec == null) return x;
        var q = spec.Apply(x);
        if (Probe is { } probe) probe.Add(layer, site, Mse(x, q));
        return q;
    }

    private static double Mse(Tensor a, Tensor b)
    {
        var x = a.Contiguous().AsSpan();
        var y = b.Contiguous().AsSpan();
        double s = 0;
        for (int i = 0; i < x.Length; i++) { double d = x[i] - y[i]; s += d * d; }
        return s / x.Length;
    }
}
