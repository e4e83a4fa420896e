using AlignLab.Core;
using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Models.Generation;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// What every method of one seed starts from: the data, the weak base model (trained on the noisy corpus), the SFT
/// model (the base fine-tuned on the demonstrations) and the held-out preference pairs that score reward models.
/// </summary>
public sealed class Foundation
{
    public required AlignSettings Settings { get; init; }
    public required int Seed { get; init; }
    public required TaskDataset Data { get; init; }
    public required ICausalLM Base { get; init; }
    public required ICausalLM Sft { get; init; }
    public required IReadOnlyList<PreferencePair> HeldOutPairs { get; init; }
    public int[][] DemoPrompts => Data.DemonstrationProblems.Select(p => p.PromptIds).ToArray();

    /// <summary>Random streams of a seed: 1 data, 2 model init, 3 pretraining, 4 SFT, 5 pairs; methods use 100 + method.</summary>
    public static Generator Stream(int seed, ulong stream) => new Generator((ulong)seed).Fork(stream);

    /// <summary>
    /// The same data and models with other method hyperparameters (a grid point): everything that builds the
    /// foundation must be unchanged.
    /// </summary>
    public Foundation WithMethodSettings(AlignSettings settings)
    {
        if (settings.Task != Settings.Task || settings.Data != Settings.Data || settings.Width != Settings.Width || settings.Layers != Settings.Layers
            || settings.Heads != Settings.Heads || settings.PretrainSteps != Settings.PretrainSteps || settings.SftSteps != Settings.SftSteps
            || settings.PretrainLearningRate != Settings.PretrainLearningRate || settings.SftLearningRate != Settings.SftLearningRate || settings.Batch != Settings.Batch)
            throw new ArgumentException("settings: only the method's hyperparameters may differ from the foundation's", nameof(settings));
        return new Foundation { Settings = settings, Seed = Seed, Data = Data, Base = Base, Sft = Sft, HeldOutPairs = HeldOutPairs };
    }

    public static Foundation Build(AlignSettings settings, int seed, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        settings.Validate();
        var data = new TaskDataset(settings.Task, settings.Data, (ulong)seed * 7919UL + (ulong)settings.Task);
        var model = PolicyTraining.NewModel(settings, Stream(seed, 2));
        int total = settings.PretrainSteps + settings.SftSteps;
        // The base model learns the whole sequence: the first token is the "prompt", everything after it is scored.
        var corpusPrompts = data.Pretraining.Select(s => s[..1]).ToArray();
        var corpusRest = data.Pretraining.Select(s => s[1..]).ToArray();
        PolicyTraining.Supervised(model, corpusPrompts, corpusRest, settings.PretrainSteps, settings.Batch, settings.PretrainLearningRate, Stream(seed, 3),
            Scaled(progress, 0, settings.PretrainSteps, total), cancel);
        model.Eval();
        var baseModel = Models.Policy.PolicySnapshots.Clone(model);
        var prompts = data.DemonstrationProblems.Select(p => p.PromptIds).ToArray();
        PolicyTraining.Supervised(model, prompts, data.Demonstrations, settings.SftSteps, settings.Batch, settings.SftLearningRate, Stream(seed, 4),
            Scaled(progress, settings.PretrainSteps, settings.SftSteps, total), cancel);
        model.Eval();
        var pairs = PreferencePairs.HeldOut(data, baseModel, model, Stream(seed, 5), cancel);
        return new Foundation { Settings = settings, Seed = seed, Data = data, Base = baseModel, Sft = model, HeldOutPairs = pairs };
    }

    private static IProgress<double>? Scaled(IProgress<double>? progress, int offset, int steps, int total) =>
        progress == null ? null : new Relay(f => progress.Report((offset + f * steps) / total));

    private sealed class Relay(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
