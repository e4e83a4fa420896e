using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Core.Modules;

namespace AlignLab.Models.Gpt2;

/// <summary>
/// GPT-2 language model (token + learned position embeddings, pre-LN blocks, final LN, output head tied to
/// <c>wte</c>). Parameter names match the Hugging Face checkpoint (<c>wte.weight</c>, <c>h.0.attn.c_attn.weight</c>, ...),
/// with Conv1D weights stored [in, out] as there, so checkpoints load without renaming or transposing.
/// </summary>
public sealed class Gpt2Model : Module
{
    public Gpt2Config Config { get; }
    public Embedding Wte { get; }
    public Embedding Wpe { get; }
    public ModuleList<Gpt2Block> H { get; } = new();
    public LayerNorm LnF { get; }

    public Gpt2Model(Gpt2Config config, Generator generator)
    {
        config.Validate();
        Config = config;
        Wte = RegisterModule("wte", new Embedding(config.VocabSize, config.NEmbd, generator, 0.02f));
        Wpe = RegisterModule("wpe", new Embedding(config.NPositions, config.NEmbd, generator, 0.01f));
        RegisterModule("h", H);
        for (int i = 0; i < config.NLayer; i++) H.Add(new Gpt2Block(config, generator));
        LnF = RegisterModule("ln_f", new LayerNorm(config.NEmbd, config.LayerNormEpsilon));
    }

    /// <summary>Final hidden states [B, T, C] for token ids [B, T].</summary>
    public Tensor Hidden(IntTensor ids)
    {
        if (ids.Rank != 2) throw new ArgumentException($"token ids must be [batch, time], got {ShapeUtil.Format(ids.Shape)}");
        int b = ids.Shape[0], t = ids.Shape[1];
        if (t > Config.NPositions) throw new ArgumentException($"sequence of {t} tokens exceeds the model's {Config.NPositions} positions");
        var positions = new IntTensor(Enumerable.Range(0, t).ToArray(), t);
        var x = Wte.Forward(ids) + Wpe.Forward(positions);
        foreach (var block in H.Items) x = block.Forward(x);
        return LnF.Forward(x);
    }

    /// <summary>Logits [B, T, V] through the tied head (a transposed view of wte, never copied).</summary>
    public Tensor Logits(IntTensor ids)
    {
        var h = Hidden(ids);
        int b = h.Shape[0], t = h.Shape[1];
        return h.Reshape(b * t, Config.NEmbd).MatMul(Wte.Weight.T()).Reshape(b, t, Config.VocabSize);
    }

    /// <summary>Mean next-token cross-entropy of <paramref name="targets"/> (−100 ignored).</summary>
    public Tensor Loss(IntTensor ids, IntTensor targets) => F.CrossEntropy(Logits(ids), targets);

    /// <summary>Loads a Hugging Face GPT-2 directory (config.json + model.safetensors).</summary>
    public static Gpt2Model FromPretrained(string directory)
    {
        var config = Gpt2Config.FromJson(Path.Combine(directory, "config.json"));
        var model = new Gpt2Model(config, new Generator(0));
        var weights = Path.Combine(directory, "model.safetensors");
        using var file = SafeTensorsFile.Open(weights);
        var state = new Dictionary<string, Tensor>();
        foreach (var name in file.Entries.Keys)
        {
            var key = name.StartsWith("transformer.", StringComparison.Ordinal) ? name["transformer.".Length..] : name;
            if (key.EndsWith(".attn.bias", StringComparison.Ordinal) || key.EndsWith(".attn.masked_bias", StringComparison.Ordinal) || key == "lm_head.weight")
                continue; // causal-mask buffers and the tied head are not parameters
            state[key] = file.ReadTensor(name);
        }
        try { model.LoadStateDict(state); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{weights}: {e.Message}"); }
        return model;
    }
}
