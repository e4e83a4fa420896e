using AlignLab.Core;
using AlignLab.Core.Optim;
using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Unlearning.Forgetting;

/// <summary>The relearning attack's knobs: how many forget documents the attacker holds, and how hard it fine-tunes.</summary>
public sealed record RelearnSettings
{
    public int Documents { get; init; } = 4;
    public int Epochs { get; init; } = 1;
    public int BatchSize { get; init; } = 4;
    public float LearningRate { get; init; } = 1e-3f;
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// Fine-tunes a model with the plain language-modelling loss on the documents and question rows of k forget documents
/// drawn at random. Returns the attacker's document ids, so evaluation can separate the documents it saw from those
/// it did not.
/// </summary>
public static class Relearning
{
    public static IReadOnlySet<string> Attack(UnlearnModel model, IReadOnlyList<LumeRow> forget, RelearnSettings s, CancellationToken cancel = default)
    {
        var docs = forget.Where(r => r.Kind == LumeKind.SentenceCompletion).Select(r => r.DocumentId).Distinct().ToArray();
        if (s.Documents < 1 || s.Documents > docs.Length)
            throw new ArgumentException($"the attacker needs between 1 and {docs.Length} forget documents, got {s.Documents}", nameof(s.Documents));
        var g = new Generator(s.Seed);
        var chosen = TargetTraining.Shuffle(docs.Length, g).Take(s.Documents).Select(i => docs[i]).ToHashSet();
        var rows = LumeData.RowsOf(forget, chosen);
        // The attack set must come from the forget set (a relearn path pointing at retain data is a known bug elsewhere).
        if (rows.Any(r => !forget.Contains(r))) throw new InvalidOperationException("relearning rows must be forget rows");
        var examples = Example.TrainingSet(model.Tokenizer, rows);
        var optimizer = new AdamW(model.Parameters, s.LearningRate, weightDecay: 0f);
        for (int epoch = 0; epoch < s.Epochs; epoch++)
        {
            var order = TargetTraining.Shuffle(examples.Count, g);
            for (int b = 0; b < order.Length; b += s.BatchSize)
            {
                cancel.ThrowIfCancellationRequested();
                var batch = order.Skip(b).Take(s.BatchSize).Select(i => examples[i]).ToArray();
                optimizer.ZeroGrad();
                Losses.TokenMeanNll(model, batch).Backward();
                GradClip.ClipByGlobalNorm(model.Parameters, 1.0);
                optimizer.Step();
            }
        }
        optimizer.ZeroGrad();
        return chosen;
    }

    /// <summary>R = (M_attacked − M_unlearned) / (M_target − M_unlearned) on a memory score M (higher = remembers more):
    /// the share of the unlearning gain the attack undoes. NaN when unlearning removed nothing.</summary>
    public static double RecoveryRatio(double target, double unlearned, double attacked) =>
        Math.Abs(target - unlearned) < 1e-9 ? double.NaN : (attacked - unlearned) / (target - unlearned);
}
