using AlignLab.Core.IO;
using AlignLab.Core.Tests;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Tests.Generation;

/// <summary>The two committed tiny reference models and their PyTorch greedy continuations.</summary>
internal static class ReferenceModels
{
    public static readonly (string Dir, string Greedy)[] Both =
        [("gpt2_tiny", "gpt2_tiny_ref_greedy.safetensors"), ("llama_tiny", "llama_tiny_ref.safetensors")];

    public static ICausalLM Load(string dir) => HfCheckpoint.Load(TestPaths.Reference(dir));

    public static (int[] Prompt, int[] Continuation) Greedy(string file)
    {
        using var f = SafeTensorsFile.Open(TestPaths.Reference(file));
        return (f.ReadInts("greedy_prompt").Data, f.ReadInts("greedy_continuation").Data);
    }
}
