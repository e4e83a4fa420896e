using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Forgetting;
using AlignLab.Methods.Unlearning.Training;
using AlignLab.Models.Training;

namespace AlignLab.Methods.Unlearning;

/// <summary>
/// The library side of <c>alignlab unlearn</c>: data by name, the cached target (and oracle), and the metrics object
/// every command prints.
/// </summary>
public static class UnlearnPipeline
{
    public static readonly TargetSettings DefaultTarget = new() { Shape = new ModelShape(1, 64, 4, 160), Epochs = 100, BatchSize = 16, LearningRate = 1e-2f };

    /// <summary><c>builtin:minilume</c> (seeded MiniLUME, default sizes) or a folder in LUME's layout.</summary>
    public static LumeData LoadData(string source, ulong seed = 1) =>
        source.Equals("builtin:minilume", StringComparison.OrdinalIgnoreCase)
            ? MiniLume.Generate(new MiniLumeOptions { Seed = seed })
            : LumeFiles.Load(source);

    /// <summary>
    /// The target (or, without the forget set, the retrain oracle) for this data and recipe, trained once and cached
    /// under <c>$ALIGNLAB_HOME/models/unlearning-…</c>, keyed by a hash of the data and the recipe.
    /// </summary>
    public static UnlearnModel GetOrTrainTarget(LumeData data, TargetSettings settings, bool withForget, Action<int, double>? onEpoch = null, CancellationToken cancel = default)
    {
        string key = JsonSerializer.Serialize(new { data.Forget, data.Retain, data.Background, settings, withForget, version = 1 });
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
        string dir = Path.Combine(BaseModels.CacheRoot, $"unlearning-{(withForget ? "target" : "oracle")}-{hash}");
        if (File.Exists(Path.Combine(dir, "vocab.json"))) return UnlearnModel.Load(dir);
        var model = TargetTraining.Train(data, settings, withForget, onEpoch, cancel);
        Models.Checkpoints.AtomicDirectory.Write(dir, model.Save);
        return model;
    }

    /// <summary>The flat metrics object of the command line.</summary>
    public static Dictionary<string, object?> Metrics(Evaluation e) => new()
    {
        ["forget_rouge"] = e.ForgetRouge, ["forget_em"] = e.ForgetEm, ["retain_rouge"] = e.RetainRouge, ["retain_em"] = e.RetainEm,
        ["mia_auc"] = e.Score.MiaAuc, ["mia_score"] = e.Score.MiaScore, ["utility"] = e.Score.Utility, ["hm"] = e.Score.TaskAggregate,
        ["final"] = e.Score.Final, ["zlib_auc"] = Nan(e.ZlibAuc), ["min20_auc"] = Nan(e.MinK20Auc), ["min40_auc"] = Nan(e.MinK40Auc),
        ["tasks"] = e.Score.Tasks.Select(t => new Dictionary<string, object?>
        {
            ["split"] = t.Split.ToString().ToLowerInvariant(), ["task"] = t.Task, ["regurgitation"] = Nan(t.Regurgitation), ["knowledge"] = Nan(t.Knowledge),
        }).ToArray(),
    };

    private static double? Nan(double v) => double.IsNaN(v) ? null : v;
}
