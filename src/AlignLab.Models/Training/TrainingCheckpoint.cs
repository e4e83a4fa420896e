using System.Globalization;
using System.Text.Json;
using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Models.Checkpoints;

namespace AlignLab.Models.Training;

/// <summary>
/// A resumable checkpoint <c>checkpoint-{step}/</c>: a Hugging Face model directory (<c>config.json</c>,
/// <c>model.safetensors</c>, tokenizer files when there is a tokenizer) plus <c>optimizer.safetensors</c> (AdamW's
/// <c>exp_avg</c>/<c>exp_avg_sq</c> under each parameter's name) and <c>trainer_state.json</c>. The folder is written
/// with <see cref="ModelDirectory"/> (atomically), so a crash mid-save leaves every earlier checkpoint as it was.
/// </summary>
public static class TrainingCheckpoint
{
    public const string Prefix = "checkpoint-";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string StateFile = "trainer_state.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Save(Trainer trainer, string outputDir) => Save(trainer, outputDir, beforeCommit: null);

    /// <summary><paramref name="beforeCommit"/> runs on the filled temporary folder just before it is renamed (tests fail there).</summary>
    internal static string Save(Trainer trainer, string outputDir, Action<string>? beforeCommit)
    {
        var target = Path.Combine(outputDir, Prefix + trainer.Step.ToString(CultureInfo.InvariantCulture));
        ModelDirectory.Save(target, trainer.Model, trainer.Tokenizer, addFiles: dir =>
        {
            var moments = new Dictionary<string, Tensor>();
            var names = ParameterNames(trainer);
            var adam = trainer.Optimizer;
            for (int i = 0; i < names.Length; i++)
            {
                var shape = adam.Parameters[i].Shape.ToArray();
                moments[names[i] + ".exp_avg"] = Tensor.Wrap(adam.ExpAvg[i], shape);
                moments[names[i] + ".exp_avg_sq"] = Tensor.Wrap(adam.ExpAvgSq[i], shape);
            }
            SafeTensors.Save(Path.Combine(dir, OptimizerFile), moments);
            var state = new TrainerState(trainer.Step, trainer.Order.Seed, trainer.Order.Epoch, trainer.Order.Cursor, trainer.Order.Count, trainer.Settings);
            AtomicFile.Write(Path.Combine(dir, StateFile), s => JsonSerializer.Serialize(s, state, Indented));
            beforeCommit?.Invoke(dir);
        });
        return target;
    }

    /// <summary>Restores weights, optimizer moments, step and data order from <paramref name="dir"/> into <paramref name="trainer"/>.</summary>
    public static TrainerState Load(Trainer trainer, string dir)
    {
        var statePath = Path.Combine(dir, StateFile);
        var state = ReadState(dir);
        if (state.Settings.ScheduleLength != trainer.Settings.ScheduleLength)
            throw new InvalidDataException(
                $"{statePath}: the checkpoint's learning-rate schedule spans {state.Settings.ScheduleLength} steps and this run's would span " +
                $"{trainer.Settings.ScheduleLength}, which re-spreads the cosine decay; resume with the checkpoint's step count, or extend the run " +
                "(alignlab train --extend) to keep its schedule and train the extra steps at its final learning rate");
        if (state.TrainExamples != trainer.Order.Count)
            throw new InvalidDataException($"{statePath}: the checkpoint was trained on {state.TrainExamples} examples but this data has {trainer.Order.Count}; resume needs the same data and --ctx");
        if (state.Seed != trainer.Settings.Seed)
            throw new InvalidDataException($"{statePath}: the checkpoint's seed is {state.Seed} but this run's is {trainer.Settings.Seed}");
        HfCheckpoint.LoadWeights(trainer.Model, dir);
        var optimizerPath = Path.Combine(dir, OptimizerFile);
        using (var file = SafeTensorsFile.Open(optimizerPath))
        {
            var names = ParameterNames(trainer);
            var adam = trainer.Optimizer;
            for (int i = 0; i < names.Length; i++)
            {
                Restore(file, optimizerPath, names[i] + ".exp_avg", adam.ExpAvg[i]);
                Restore(file, optimizerPath, names[i] + ".exp_avg_sq", adam.ExpAvgSq[i]);
            }
        }
        trainer.Restore(state);
        return state;
    }

    /// <summary>The trainer state of a checkpoint folder (step, data order and the run's settings).</summary>
    public static TrainerState ReadState(string dir)
    {
        var statePath = Path.Combine(dir, StateFile);
        if (!File.Exists(statePath)) throw new FileNotFoundException($"{statePath}: not a training checkpoint (file not found)", statePath);
        try
        {
            return JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(statePath))
                ?? throw new InvalidDataException($"{statePath}: empty trainer state");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{statePath}: not a valid trainer state ({e.Message})", e);
        }
    }

    /// <summary>The checkpoint folder of <paramref name="outputDir"/> with the highest step, or null when there is none.</summary>
    public static string? Latest(string outputDir)
    {
        if (!Directory.Exists(outputDir)) return null;
        string? best = null;
        int bestStep = -1;
        foreach (var dir in Directory.GetDirectories(outputDir, Prefix + "*"))
            if (int.TryParse(Path.GetFileName(dir)[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int step) && step > bestStep)
                (best, bestStep) = (dir, step);
        return best;
    }

    private static string[] ParameterNames(Trainer trainer) => trainer.Model.Module.NamedParameters().Select(p => p.Name).ToArray();

    private static void Restore(SafeTensorsFile file, string path, string name, float[] into)
    {
        if (!file.Entries.ContainsKey(name)) throw new InvalidDataException($"{path}: tensor '{name}' is missing");
        var t = file.ReadTensor(name);
        if (t.Numel != into.Length) throw new InvalidDataException($"{path}: tensor '{name}' has {t.Numel} values but the parameter has {into.Length}");
        t.Contiguous().AsSpan().CopyTo(into);
    }
}
