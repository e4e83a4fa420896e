using System.Text.Json;
using AlignLab.Core.IO;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Training;

/// <summary>A trained model as a Hugging Face directory: weights, config, tokenizer files and a <c>training.json</c> summary, written atomically.</summary>
public static class ModelDirectory
{
    public const string SummaryFile = "training.json";

    public static void Save(string directory, ICausalLM model, ITextTokenizer? tokenizer, object? summary = null, Action<string>? addFiles = null)
    {
        AtomicDirectory.Write(directory, dir =>
        {
            HfCheckpoint.Save(model, dir);
            tokenizer?.Save(dir);
            if (summary != null)
                AtomicFile.Write(Path.Combine(dir, SummaryFile), s => JsonSerializer.Serialize(s, summary, new JsonSerializerOptions { WriteIndented = true }));
            addFiles?.Invoke(dir);
        });
    }

    /// <summary>True when <paramref name="directory"/> holds a tokenizer the loaders recognise.</summary>
    public static bool HasTokenizer(string directory) => TokenizerLoader.HasTokenizer(directory);

    /// <summary>True when <paramref name="directory"/> holds weights next to its config.</summary>
    public static bool HasWeights(string directory) =>
        File.Exists(Path.Combine(directory, CheckpointShards.SingleFile)) || File.Exists(Path.Combine(directory, CheckpointShards.IndexFile));
}
