using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AlignLab.Methods.PrefEval.PrefLite;

/// <summary>
/// How PrefLite's chat model is trained: a 2-layer GPT-2 (width 64) with <see cref="Context"/> positions, on
/// <see cref="Dialogues"/> conversations of the correct policy with up to <see cref="MaxTrainFiller"/> filler pairs
/// (as many as fit the context). The hash of this record names the cached model folder.
/// </summary>
public sealed record PrefLiteChatSpec
{
    public int Context { get; init; } = 256;
    public int MaxTrainFiller { get; init; } = 12;
    public int Dialogues { get; init; } = 6000;
    /// <summary>Share of dialogues in which the user stated a preference (the rest get the typical dish).</summary>
    public double PreferenceShare { get; init; } = 0.8;
    public int VocabSize { get; init; } = 512;
    public int Steps { get; init; } = 1500;
    public int BatchSize { get; init; } = 16;
    public float LearningRate { get; init; } = 3e-3f;
    public ulong Seed { get; init; } = 1;
    public const int Version = 1;

    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { Version, spec = this }))))[..12];
}
