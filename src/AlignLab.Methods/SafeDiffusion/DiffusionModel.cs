using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Training;

namespace AlignLab.Methods.SafeDiffusion;

/// <summary>Everything that determines a trained U-Net: its sizes, its initialisation seed and its training run.</summary>
public sealed record DiffusionModelSpec(string Name, UNetConfig Model, ulong InitSeed, DiffusionTrainSettings Training)
{
    public const int Version = 1;

    /// <summary>The model the experiments will use (training cost to be measured on a quiet machine before it is fixed).</summary>
    public static readonly DiffusionModelSpec Default = new("pno-unet", new UNetConfig(), InitSeed: 1, new DiffusionTrainSettings());

    public string Json() => JsonSerializer.Serialize(new { Version, spec = this }, new JsonSerializerOptions { WriteIndented = true });
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Json())))[..12];
}

/// <summary>
/// The trained U-Net, cached under <see cref="BaseModels.CacheRoot"/> in <c>&lt;name&gt;-&lt;hash&gt;</c> (<c>model.safetensors</c>,
/// <c>spec.json</c>, <c>losses.json</c>); the folder appears in one rename, so a crash never leaves half a cache.
/// </summary>
public static class DiffusionModel
{
    private static readonly Lock Gate = new();
    private const string WeightsFile = "model.safetensors";

    public static string PathOf(DiffusionModelSpec spec, string? root = null) => Path.Combine(root ?? BaseModels.CacheRoot, $"{spec.Name}-{spec.Hash()}");

    /// <summary>The cached model of <paramref name="spec"/>, trained first when missing (once per process at a time).</summary>
    public static TinyUNet GetOrTrain(DiffusionModelSpec spec, IProgress<(int Step, float Loss)>? progress = null, CancellationToken cancel = default, string? root = null)
    {
        var target = PathOf(spec, root);
        lock (Gate)
        {
            if (!File.Exists(Path.Combine(target, WeightsFile)))
            {
                var model = new TinyUNet(spec.Model, new Generator(spec.InitSeed));
                var losses = DiffusionTraining.Train(model, spec.Training, progress, cancel);
                AtomicDirectory.Write(target, dir =>
                {
                    SafeTensors.Save(Path.Combine(dir, WeightsFile), model.StateDict(), metadata: new Dictionary<string, string> { ["spec_hash"] = spec.Hash() });
                    AtomicFile.WriteAllText(Path.Combine(dir, "spec.json"), spec.Json());
                    AtomicFile.WriteAllText(Path.Combine(dir, "losses.json"), JsonSerializer.Serialize(losses));
                });
                model.Eval();
                return model;
            }
        }
        return Load(spec, target);
    }

    /// <summary>Loads the weights in <paramref name="directory"/> into a U-Net of <paramref name="spec"/>'s sizes (strict: every name, every shape).</summary>
    public static TinyUNet Load(DiffusionModelSpec spec, string directory)
    {
        var model = new TinyUNet(spec.Model, new Generator(spec.InitSeed));
        model.LoadStateDict(SafeTensors.Load(Path.Combine(directory, WeightsFile)));
        model.Eval();
        return model;
    }
}
