using AlignLab.Methods.Quantization;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Llama;

namespace AlignLab.Cli.Commands;

/// <summary>A model folder as the commands read it: a packed quantized model (quantization.json) or a Hugging Face checkpoint.</summary>
internal static class ModelFolders
{
    public static ICausalLM Load(string directory) =>
        QuantizedCheckpoint.IsQuantized(directory) ? QuantizedCheckpoint.Load(directory) : HfCheckpoint.Load(directory);

    /// <summary>A float Llama checkpoint, the input of quantization and of RoSTE's fine-tuning.</summary>
    public static LlamaModel LoadLlama(string directory, string flag)
    {
        if (QuantizedCheckpoint.IsQuantized(directory)) throw new UsageException($"{flag}: {directory} is already quantized; give the float model");
        return HfCheckpoint.Load(directory) as LlamaModel ?? throw new UsageException($"{flag}: {directory} is not a llama model (quantization supports llama)");
    }
}
