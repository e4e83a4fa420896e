using AlignLab.Core;
using AlignLab.Core.Optim;
using AlignLab.Methods.Unlearning.Data;

namespace AlignLab.Methods.Unlearning.Training;

/// <summary>How a target (or oracle) is trained: one phase over background facts, documents and question rows.</summary>
public sealed record TargetSettings
{
    public required ModelShape Shape { get; init; }
    public int Epochs { get; init; } = 60;
    public int BatchSize { get; init; } = 16;
    public float LearningRate { get; init; } = 3e-3f;
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// Trains a model until it memorises LUME-format data: AdamW (weight decay 0), 5 % warmup then cosine decay,
/// gradient clipping at 1.0, loss = token-mean NLL over every completion token (whole documents + EOS, answers + EOS).
/// With <c>withForget = false</c> the forget documents and questions are left out: the retrain oracle.
/// </summary>
public static class TargetTraining
{
    public static IReadOnlyList<Example> Corpus(WordTokenizer t, LumeData data, bool withForget) =>
    [
        .. data.Background.Select(b => Example.Document(t, b)),
        .. Example.TrainingSet(t, data.Retain),
        .. withForget ? Example.TrainingSet(t, data.Forget) : [],
    ];

    public static WordTokenizer TokenizerFor(LumeData data) => WordTokenizer.Build(
        data.Forget.Concat(data.Retain).SelectMany(r => new[] { r.Input, " " + r.Output })
            .Concat(data.Members.Concat(data.NonMembers).Select(d => d.Document)).Concat(data.Background)
            .Concat(data.Utility.SelectMany(q => q.Options.Select(o => " " + o).Append(q.Question))));

    public static UnlearnModel Train(LumeData data, TargetSettings s, bool withForget, Action<int, double>? onEpoch = null, CancellationToken cancel = default)
    {
        var tokenizer = TokenizerFor(data);
        var model = UnlearnModel.Create(tokenizer, s.Shape, s.Seed);
        var corpus = Corpus(tokenizer, data, withForget);
        int longest = corpus.Max(e => e.Prompt.Length + e.Completion.Length);
        if (longest > s.Shape.Context) throw new ArgumentException($"Shape: a training sequence has {longest} tokens, more than the context of {s.Shape.Context}");
        var optimizer = new AdamW(model.Parameters, s.LearningRate, weightDecay: 0f);
        var g = new Generator(s.Seed).Fork(1);
        int stepsPerEpoch = (corpus.Count + s.BatchSize - 1) / s.BatchSize, total = stepsPerEpoch * s.Epochs, warmup = Math.Max(1, total / 20), step = 0;
        for (int epoch = 0; epoch < s.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var order = Shuffle(corpus.Count, g);
            double sum = 0;
            for (int b = 0; b < stepsPerEpoch; b++)
            {
                var batch = order.Skip(b * s.BatchSize).Take(s.BatchSize).Select(i => corpus[i]).ToArray();
                optimizer.LearningRate = Schedule(s.LearningRate, step++, warmup, total);
                optimizer.ZeroGrad();
                var loss = Losses.TokenMeanNll(model, batch);
                loss.Backward();
                GradClip.ClipByGlobalNorm(model.Parameters, 1.0);
                optimizer.Step();
                sum += loss.Item();
            }
            onEpoch?.Invoke(epoch, sum / stepsPerEpoch);
        }
        return model;
    }

    public static float Schedule(float peak, int step, int warmup, int total) =>
        step < warmup ? peak * (step + 1) / warmup : (float)(peak * 0.5 * (1 + Math.Cos(Math.PI * (step - warmup) / Math.Max(1, total - warmup))));

    public static int[] Shuffle(int n, Generator g)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--) { int j = g.NextInt(0, i + 1); (order[i], order[j]) = (order[j], order[i]); }
        return order;
    }
}
