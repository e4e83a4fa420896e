using AlignLab.Core;
using AlignLab.Core.Optim;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// The fine-tuning loop: random batches of examples, the loss of the model as it is configured (float, or fake-quantized
/// with straight-through gradients and its rotations), AdamW on every weight but the folded norm gains.
/// </summary>
public static class QatTrainer
{
    /// <param name="onStep">Called after each step with the step number (1-based), e.g. to measure E(·) along the run.</param>
    /// <returns>The training loss of every step.</returns>
    public static double[] Train(QuantLlama model, IReadOnlyList<SummaryExample> data, QatSettings settings, Generator generator,
        CancellationToken cancel = default, IProgress<double>? progress = null, Action<int>? onStep = null)
    {
        model.Frozen = null;
        model.Packed = null;
        return Train(model, model.TrainableParameters().ToList(), data, settings, generator, cancel, progress, onStep);
    }

    /// <summary>The same loop for any causal LM and parameter list (pre-training trains a plain Llama, norm gains included).</summary>
    public static double[] Train(AlignLab.Models.Generation.ICausalLM model, IReadOnlyList<Tensor> parameters, IReadOnlyList<SummaryExample> data,
        QatSettings settings, Generator generator, CancellationToken cancel = default, IProgress<double>? progress = null, Action<int>? onStep = null)
    {
        settings.Validate();
        if (data.Count == 0) throw new ArgumentException("no training examples");
        var optimizer = new AdamW(parameters, settings.LearningRate, 0.9f, 0.95f, 1e-8f, 0f);
        var schedule = new CosineLr(settings.LearningRate, 0, settings.Steps);
        var losses = new double[settings.Steps];
        var pick = new SummaryExample[settings.Batch];
        for (int step = 0; step < settings.Steps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            for (int b = 0; b < pick.Length; b++) pick[b] = data[generator.NextInt(0, data.Count)];
            var batch = TrainingBatch.From(pick);
            optimizer.LearningRate = schedule.At(step);
            optimizer.ZeroGrad();
            var loss = batch.Loss(model.Logits(batch.Ids));
            loss.Backward();
            GradClip.ClipByGlobalNorm(parameters, settings.MaxGradNorm);
            optimizer.Step();
            losses[step] = loss.Item();
            onStep?.Invoke(step + 1);
            progress?.Report((step + 1.0) / settings.Steps);
        }
        return losses;
    }
}
