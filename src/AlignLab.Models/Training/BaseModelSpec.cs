using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlignLab.Models.Corpora;

namespace AlignLab.Models.Training;

/// <summary>
/// Everything that determines a cached base model: the world and how many documents are drawn from it, the tokenizer's
/// vocabulary, the architecture and the optimisation. Its <see cref="Hash"/> names the cache folder, so changing any
/// of it trains a new model instead of reusing a stale one.
/// </summary>
public sealed record BaseModelSpec(string Name, WorldOptions World, int Documents, ulong CorpusSeed, int VocabSize, string Family,
    ModelSize Size, TrainerSettings Training)
{
    /// <summary>Bumped whenever the corpus generator or the trainer changes what a spec produces.</summary>
    public const int Version = 1;

    public string Json() => JsonSerializer.Serialize(new { Version, spec = this }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>First 12 hex digits of the SHA-256 of <see cref="Json"/>.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Json())))[..12];
}
