using System.Text.Json;
using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Llama;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// A packed quantized model as a folder: <c>config.json</c> (the folded Llama), <c>quantization.json</c>
/// (<see cref="QuantizationConfig"/>) and <c>model.safetensors</c> holding the float embedding and head and, per linear,
/// <c>{name}.qweight</c> (U8 codes, [rows, row bytes]), <c>{name}.scales</c> and <c>{name}.zeros</c> (F32, [rows]).
/// The folder is written under a temporary name and renamed. Loading checks every tensor's presence, dtype and shape
/// against the config and throws one line naming the file and tensor at fault.
/// </summary>
public static class QuantizedCheckpoint
{
    public const string ConfigFile = "quantization.json";
    private const string Weights = "model.safetensors";

    /// <summary>Whether <paramref name="directory"/> holds a packed quantized model.</summary>
    public static bool IsQuantized(string directory) => File.Exists(Path.Combine(directory, ConfigFile));

    public static void Save(QuantLlama model, string directory, string method, ByteLevelBpeTokenizer? tokenizer = null)
    {
        if (model.Packed == null) model.Pack();
        var packed = model.Packed!;
        var spec = model.Scheme!.Weights!;
        var config = new QuantizationConfig(QuantizationConfig.FormatName, QuantizationConfig.CurrentVersion, model.Scheme.ToString().ToLowerInvariant(),
            spec.Symmetric, spec.Clip, method, model.Rotations.Select(r => r.ToString()).ToArray());
        var floats = new Dictionary<string, Tensor>
        {
            ["model.embed_tokens.weight"] = model.Inner.Model.EmbedTokens.Weight,
            ["lm_head.weight"] = model.Inner.LmHead!.Weight,
        };
        var bytes = new Dictionary<string, (byte[], int[])>();
        for (int l = 0; l < packed.Length; l++)
        {
            var all = packed[l].All();
            for (int j = 0; j < all.Length; j++)
            {
                string name = $"model.layers.{l}.{PackedLayer.Names[j]}";
                bytes[name + ".qweight"] = (all[j].Codes, [all[j].Rows, all[j].RowBytes]);
                floats[name + ".scales"] = Tensor.FromArray(all[j].Scales, all[j].Rows);
                floats[name + ".zeros"] = Tensor.FromArray(all[j].Zeros, all[j].Rows);
            }
        }
        AtomicDirectory.Write(directory, dir =>
        {
            SafeTensors.Save(Path.Combine(dir, Weights), floats, metadata: new Dictionary<string, string> { ["format"] = QuantizationConfig.FormatName }, bytes: bytes);
            var options = new JsonSerializerOptions { WriteIndented = true };
            AtomicFile.Write(Path.Combine(dir, "config.json"), s => JsonSerializer.Serialize(s, model.ConfigJson(), options));
            AtomicFile.Write(Path.Combine(dir, ConfigFile), s => JsonSerializer.Serialize(s, config, QuantizationConfig.Json));
            tokenizer?.Save(dir);
        });
    }

    /// <summary>The packed model of <paramref name="directory"/>, ready for generation and scoring (its float weights are the dequantized ones).</summary>
    public static QuantLlama Load(string directory)
    {
        var qPath = Path.Combine(directory, ConfigFile);
        var config = QuantizationConfig.Read(qPath);
        var cPath = Path.Combine(directory, "config.json");
        if (!File.Exists(cPath)) throw new FileNotFoundException($"{cPath}: file not found", cPath);
        var llama = LlamaConfig.FromJson(cPath);
        if (llama.TieWordEmbeddings) throw new InvalidDataException($"{cPath}: a packed model has an untied head (tie_word_embeddings must be false)");
        if (config.Rotations.Length != llama.NumHiddenLayers)
            throw new InvalidDataException($"{qPath}: rotations for {config.Rotations.Length} layers, config.json has {llama.NumHiddenLayers}");
        var scheme = config.Scheme(qPath);
        var spec = scheme.Weights!;
        var inner = new LlamaModel(llama, new Generator(0));
        var path = Path.Combine(directory, Weights);
        using var file = SafeTensorsFile.Open(path);
        var expected = new HashSet<string>(StringComparer.Ordinal) { "model.embed_tokens.weight", "lm_head.weight" };
        var layers = new PackedLayer[llama.NumHiddenLayers];
        using (GradMode.NoGrad())
        {
            NormFolding.Set(inner.Model.EmbedTokens.Weight, Float(file, "model.embed_tokens.weight", inner.Model.EmbedTokens.Weight.Shape.ToArray()));
            NormFolding.Set(inner.LmHead!.Weight, Float(file, "lm_head.weight", inner.LmHead.Weight.Shape.ToArray()));
            for (int l = 0; l < layers.Length; l++)
            {
                var layer = inner.Model.Layers[l];
                Tensor[] targets = [layer.SelfAttn.QProj.Weight, layer.SelfAttn.KProj.Weight, layer.SelfAttn.VProj.Weight, layer.SelfAttn.OProj.Weight,
                    layer.Mlp.GateProj.Weight, layer.Mlp.UpProj.Weight, layer.Mlp.DownProj.Weight];
                var matrices = new QuantizedMatrix[targets.Length];
                for (int j = 0; j < targets.Length; j++)
                {
                    string name = $"model.layers.{l}.{PackedLayer.Names[j]}";
                    int rows = targets[j].Shape[0], cols = targets[j].Shape[1];
                    expected.UnionWith([name + ".qweight", name + ".scales", name + ".zeros"]);
                    var e = Check(file, name + ".qweight", DType.U8, [rows, QuantizedMatrix.RowBytesFor(spec.Bits, cols)]);
                    try
                    {
                        matrices[j] = QuantizedMatrix.FromCodes(rows, cols, spec.Bits, file.ReadBytes(e.Name),
                            Float(file, name + ".scales", [rows]).ToArray(), Float(file, name + ".zeros", [rows]).ToArray());
                    }
                    catch (ArgumentException ex) { throw new InvalidDataException($"{path}: tensor '{name}': {ex.Message}"); }
                }
                layers[l] = PackedLayer.From(matrices);
            }
        }
        foreach (var name in file.Entries.Keys)
            if (!expected.Contains(name)) throw new InvalidDataException($"{path}: tensor '{name}' is not part of a packed {config.Bits} model with this config");
        var rotations = config.Rotations.Select((r, i) => LayerRotationsText.Parse(r, $"{qPath}: rotations[{i}]")).ToArray();
        var model = new QuantLlama(inner, scheme, rotations);
        using (GradMode.NoGrad())
            for (int l = 0; l < layers.Length; l++) Unpack(model, l, layers[l]);
        model.Packed = layers;
        return model;
    }

    /// <summary>Bytes of every stored weight (packed linears when packed, the float embedding and head).</summary>
    public static long WeightBytes(QuantLlama model)
    {
        long floats = 4L * (model.Inner.Model.EmbedTokens.Weight.Numel + (model.Inner.LmHead?.Weight.Numel ?? 0));
        if (model.Packed is { } packed) return floats + packed.Sum(p => p.Bytes);
        return 4L * model.Inner.Parameters().Sum(p => (long)p.Numel);
    }

    /// <summary>Sets the float weights to the dequantized codes, with R2 and R4 taken back out of o_proj and down_proj
    /// (each Hadamard is its own inverse), so the float model computes what the packed one does.</summary>
    private static void Unpack(QuantLlama model, int l, PackedLayer p)
    {
        var c = model.Config;
        var layer = model.Inner.Model.Layers[l];
        var r = model.Rotations[l];
        Tensor D(QuantizedMatrix m) => Tensor.FromArray(m.Dequantize(), m.Rows, m.Cols);
        NormFolding.Set(layer.SelfAttn.QProj.Weight, D(p.Q));
        NormFolding.Set(layer.SelfAttn.KProj.Weight, D(p.K));
        NormFolding.Set(layer.SelfAttn.VProj.Weight, D(p.V));
        var o = D(p.O);
        if (r.R2) o = o.Reshape(c.HiddenSize, c.NumAttentionHeads, c.HeadDim).Hadamard().Reshape(c.HiddenSize, c.NumAttentionHeads * c.HeadDim);
        NormFolding.Set(layer.SelfAttn.OProj.Weight, o);
        NormFolding.Set(layer.Mlp.GateProj.Weight, D(p.Gate));
        NormFolding.Set(layer.Mlp.UpProj.Weight, D(p.Up));
        var down = D(p.Down);
        NormFolding.Set(layer.Mlp.DownProj.Weight, r.R4 ? down.Hadamard() : down);
    }

    private static TensorEntry Check(SafeTensorsFile file, string name, DType dtype, int[] shape)
    {
        if (!file.Entries.TryGetValue(name, out var e)) throw new InvalidDataException($"{file.Path}: tensor '{name}' is missing");
        if (e.DType != dtype) throw new InvalidDataException($"{file.Path}: tensor '{name}' is {DTypes.Name(e.DType)}, expected {DTypes.Name(dtype)}");
        if (!e.Shape.SequenceEqual(shape)) throw new InvalidDataException($"{file.Path}: tensor '{name}' has shape {ShapeUtil.Format(e.Shape)} but the config needs {ShapeUtil.Format(shape)}");
        return e;
    }

    private static Tensor Float(SafeTensorsFile file, string name, int[] shape) => file.ReadTensor(Check(file, name, DType.F32, shape).Name);
}
