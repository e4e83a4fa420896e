using System.Text.Json;
using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Models.Generation;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Llama;

namespace AlignLab.Models.Checkpoints;

/// <summary>
/// Hugging Face model directories: <c>config.json</c> (its <c>model_type</c> picks the family) and the weights in
/// <c>model.safetensors</c> or shards. Every parameter must be found exactly once with its shape; any other tensor
/// that is not a known buffer or a redundant tied head is an error naming it.
/// </summary>
public static class HfCheckpoint
{
    public static ICausalLM Load(string directory)
    {
        var configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath)) throw new FileNotFoundException($"{configPath}: file not found", configPath);
        var model = Create(configPath);
        LoadWeights(model, directory);
        return model;
    }

    /// <summary>An untrained model of the family and size named by <paramref name="configPath"/>, initialised from <paramref name="generator"/> (seed 0 if none).</summary>
    public static ICausalLM Create(string configPath, Generator? generator = null)
    {
        string? type;
        using (var doc = JsonDocument.Parse(File.ReadAllText(configPath)))
            type = doc.RootElement.TryGetProperty("model_type", out var t) ? t.GetString() : null;
        return type switch
        {
            "gpt2" => new Gpt2Model(Gpt2Config.FromJson(configPath), generator ?? new Generator(0)),
            "llama" => new LlamaModel(LlamaConfig.FromJson(configPath), generator ?? new Generator(0)),
            null => throw new InvalidDataException($"{configPath}: no \"model_type\" field"),
            _ => throw new NotSupportedException($"{configPath}: model_type '{type}' is not supported (gpt2, llama)"),
        };
    }

    /// <summary>Reads every parameter of <paramref name="model"/> from the weight files of <paramref name="directory"/>.</summary>
    public static void LoadWeights(ICausalLM model, string directory)
    {
        var own = model.Module.StateDict();
        var byStripped = CheckpointNames.ByStrippedName(own.Keys);
        var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (path, names) in CheckpointShards.Files(directory))
        {
            using var file = SafeTensorsFile.Open(path);
            if (names != null)
                foreach (var name in names)
                    if (!file.Entries.ContainsKey(name)) throw new InvalidDataException($"{path}: tensor '{name}' is listed in the index but not in the file");
            foreach (var name in file.Entries.Keys)
            {
                if (names != null && !names.Contains(name)) continue;
                if (CheckpointNames.IsBuffer(name)) continue;
                if (!byStripped.TryGetValue(CheckpointNames.StripPrefix(name), out var target))
                {
                    if (model.TiedHead && name == "lm_head.weight") continue;
                    throw new InvalidDataException($"{path}: tensor '{name}' is not a parameter of a {model.ModelType} model with this config");
                }
                if (state.ContainsKey(target)) throw new InvalidDataException($"{path}: tensor '{name}' duplicates parameter '{target}'");
                var value = file.ReadTensor(name);
                if (!value.Shape.SequenceEqual(own[target].Shape))
                    throw new InvalidDataException($"{path}: tensor '{name}' has shape {ShapeUtil.Format(value.Shape)} but the model expects {ShapeUtil.Format(own[target].Shape)}");
                state[target] = value;
            }
        }
        foreach (var name in own.Keys)
            if (!state.ContainsKey(name)) throw new InvalidDataException($"{directory}: tensor '{name}' is missing from the checkpoint");
        model.Module.LoadStateDict(state);
    }

    /// <summary>
    /// Writes <c>config.json</c> and <c>model.safetensors</c> (F32, the model's own HF names) into
    /// <paramref name="directory"/>, each through a temporary file and a rename. A stale shard index is removed,
    /// since it would otherwise describe a different checkpoint than the file it sits next to.
    /// </summary>
    public static void Save(ICausalLM model, string directory)
    {
        Directory.CreateDirectory(directory);
        var state = model.Module.StateDict();
        SafeTensors.Save(Path.Combine(directory, CheckpointShards.SingleFile), state, metadata: new Dictionary<string, string> { ["format"] = "pt" });
        var json = JsonSerializer.SerializeToUtf8Bytes(model.ConfigJson(), new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(Path.Combine(directory, "config.json"), s => s.Write(json));
        File.Delete(Path.Combine(directory, CheckpointShards.IndexFile));
    }
}
