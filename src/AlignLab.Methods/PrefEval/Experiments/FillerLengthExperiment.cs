using AlignLab.Methods.PrefEval.Chat;
using AlignLab.Methods.PrefEval.Conversations;
using AlignLab.Methods.PrefEval.Data;
using AlignLab.Methods.PrefEval.PrefLite;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.PrefEval.Experiments;

/// <summary>Sizes of <see cref="FillerLengthExperiment"/>.</summary>
public sealed record FillerLengthSettings
{
    public required PrefLiteChatSpec Model { get; init; }
    /// <summary>Filler pairs between the preference and the question.</summary>
    public required IReadOnlyList<int> Turns { get; init; }
    /// <summary>The first K explicit PrefLite items (null: all 75).</summary>
    public int? Items { get; init; }
}

/// <summary>
/// PrefLite accuracy against filler length for each method, on our own chat model (left truncation to its context),
/// plus two reference arms: zero-shot with keep-first-and-last truncation, and the classification task scored by
/// likelihood. The generation task is judged by the rule-based PrefLite judge.
/// </summary>
public sealed class FillerLengthExperiment : Experiment<FillerLengthSettings, FillerLengthExperiment.Result>
{
    public override string Id => "prefeval/filler-length";
    public override string Paper => PrefEvalExperiments.Paper;
    public override string Title => "PrefLite: preference-following accuracy vs filler length, per method, on a small chat model trained here";

    public override FillerLengthSettings Quick => new()
    {
        Model = new PrefLiteChatSpec { Dialogues = 1500, Steps = 250, MaxTrainFiller = 12 },
        Turns = [0, 4, 16], Items = 12,
    };

    public override FillerLengthSettings Full => new()
    {
        Model = new PrefLiteChatSpec(),
        Turns = [0, 2, 4, 6, 8, 10, 12, 16, 24],
    };

    public sealed record Arm(string Label, EvalMethod Method, PrefEvalTask Task, TruncationPolicy Truncation, double[] Accuracy, double[] TruncatedShare,
        IReadOnlyList<IReadOnlyDictionary<string, int>> Errors);
    public sealed record Result(string ModelFolder, int Items, IReadOnlyList<Arm> Arms);

    public override Result Measure(FillerLengthSettings s, ExperimentContext context)
    {
        var folder = PrefLiteChatModel.GetOrTrain(s.Model, new TrainingRelay(context.Stage("train the PrefLite chat model", 0, 2)), context.Cancel);
        var items = PrefLiteSuite.Items(PreferenceForm.Explicit);
        if (s.Items is int k) items = items.Take(k).ToList();
        var filler = PrefLiteSuite.Filler();
        var judge = new PrefLiteJudge();
        var arms = new List<(string Label, EvalMethod Method, PrefEvalTask Task, TruncationPolicy Truncation)>();
        foreach (var m in EvalMethods.All) arms.Add((EvalMethods.Name(m), m, PrefEvalTask.Generation, TruncationPolicy.Left));
        arms.Add(("zero-shot, keep-first-and-last truncation", EvalMethod.ZeroShot, PrefEvalTask.Generation, TruncationPolicy.KeepFirstAndLast));
        arms.Add(("classification by likelihood, zero-shot", EvalMethod.ZeroShot, PrefEvalTask.Classification, TruncationPolicy.Left));
        var cacheFile = Path.Combine(Path.GetTempPath(), $"alignlab-preflite-{Guid.NewGuid():N}.db");
        var results = new List<Arm>();
        var stage = context.Stage("ask and judge", 1, 2);
        int cells = arms.Count * s.Turns.Count, done = 0;
        try
        {
            using var cache = new ResponseCache(cacheFile);
            var models = new Dictionary<TruncationPolicy, CachedChatModel>();
            foreach (var arm in arms)
            {
                if (!models.TryGetValue(arm.Truncation, out var model))
                {
                    var inner = PrefLiteChatModel.Load(folder, arm.Truncation);
                    models[arm.Truncation] = model = new CachedChatModel(new RenamedChatModel(inner, $"{inner.Name}/{arm.Truncation}"), cache);
                }
                var accuracy = new double[s.Turns.Count];
                var truncated = new double[s.Turns.Count];
                var errors = new List<IReadOnlyDictionary<string, int>>();
                for (int t = 0; t < s.Turns.Count; t++)
                {
                    context.Cancel.ThrowIfCancellationRequested();
                    var settings = new PrefEvalRunSettings
                    {
                        Task = arm.Task, Method = arm.Method, Turns = s.Turns[t], Prompts = PrefLitePrompts.Prompts,
                        McqByLikelihood = arm.Task == PrefEvalTask.Classification,
                    };
                    var summary = PrefEvalRunner.RunAsync(items, filler, model, judge, settings, cancel: context.Cancel).GetAwaiter().GetResult();
                    accuracy[t] = summary.Accuracy;
                    truncated[t] = summary.Results.Count(r => r.Truncated) / (double)summary.Items;
                    errors.Add(summary.ErrorsByType);
                    stage?.Report(++done / (double)cells);
                }
                results.Add(new Arm(arm.Label, arm.Method, arm.Task, arm.Truncation, accuracy, truncated, errors));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { cacheFile, cacheFile + "-wal", cacheFile + "-shm" }) if (File.Exists(f)) File.Delete(f);
        }
        return new Result(folder, items.Count, results);
    }

    protected override void Describe(Report report, FillerLengthSettings s, Result r)
    {
        var turns = s.Turns;
        var byLabel = r.Arms.ToDictionary(a => a.Label);
        var zero = byLabel["zero-shot"];
        var reminder = byLabel["reminder"];
        var rag = byLabel["rag"];
        int last = turns.Count - 1;
        report.Tables.Add(new Table($"Preference-following accuracy on {r.Items} explicit PrefLite items (rule-based judge; classification: chance 25 %). The share of conversations the model had to cut is in the last row.",
            ["arm", .. turns.Select(t => $"{t} turns")],
            [.. r.Arms.Select(a => (IReadOnlyList<string>)[a.Label, .. a.Accuracy.Select(x => Percent(x))]),
             ["conversations cut (zero-shot, left)", .. zero.TruncatedShare.Select(x => Percent(x))]]));
        report.Tables.Add(new Table("Error types of the zero-shot generation arm (counts out of the items)",
            ["turns", "unhelpful", "unaware violation", "hallucination violation", "inconsistency"],
            turns.Select((t, i) => (IReadOnlyList<string>)[Int(t), .. new[] { "unhelpful", "preference_unaware_violation", "preference_hallucination_violation", "inconsistency" }
                .Select(e => Int(zero.Errors[i].GetValueOrDefault(e)))]).ToList()));
        var plot = new LinePlot { Title = "PrefLite accuracy vs filler length", XLabel = "filler turns between preference and question", YLabel = "accuracy" };
        foreach (var a in r.Arms) plot.Series.Add(new Series(a.Label, turns.Select(t => (double)t).ToList(), a.Accuracy, Dashed: a.Task == PrefEvalTask.Classification || a.Truncation != TruncationPolicy.Left));
        report.Figures.Add(new Figure("accuracy-vs-filler", "Accuracy per method against the number of filler pairs; dashed: keep-first-and-last truncation and the likelihood-scored classification task.", plot.ToSvg()));

        double fall = zero.Accuracy[0] - zero.Accuracy[last];
        report.Claims.Add(new Claim("Zero-shot accuracy falls as filler grows (our threshold: by at least 30 points from 0 turns to the longest filler)",
            $"{Percent(zero.Accuracy[0])} at 0 turns → {Percent(zero.Accuracy[last])} at {turns[last]} turns",
            "qualitative: accuracy falls with conversation length; most models are below 10 % at 10 turns (about 3k tokens)", fall >= 0.30));
        double reminderGain = Enumerable.Range(0, turns.Count).Average(i => reminder.Accuracy[i] - zero.Accuracy[i]);
        report.Claims.Add(new Claim("A reminder helps (our threshold: at least 5 points above zero-shot, averaged over filler lengths)",
            $"mean gain {Signed(reminderGain * 100, "F1")} points",
            "e.g. GPT-4o on travel_restaurant: 0.07 zero-shot vs 0.98 with a reminder at 10 turns", reminderGain >= 0.05));
        double ragGain = rag.Accuracy[last] - zero.Accuracy[last];
        double lost = zero.Accuracy[0] - zero.Accuracy[last];
        report.Claims.Add(new Claim("Retrieval recovers part of what long filler costs (our threshold: at the longest filler, RAG regains at least a quarter of the zero-shot loss)",
            $"at {turns[last]} turns: RAG {Percent(rag.Accuracy[last])} vs zero-shot {Percent(zero.Accuracy[last])} (loss {Percent(lost)})",
            "qualitative: prompting and retrieval help but still degrade with length", lost > 0 && ragGain >= 0.25 * lost));
        report.Metrics["items"] = r.Items;
        report.Metrics["turns"] = turns;
        report.Metrics["arms"] = r.Arms.Select(a => new Dictionary<string, object?>
        {
            ["arm"] = a.Label, ["accuracy"] = a.Accuracy, ["truncated_share"] = a.TruncatedShare,
        }).ToArray();
        report.Summary = string.Join("\n\n",
            $"PrefLite is a generated benchmark in PrefEval's shape: a user states something they avoid (\"i avoid gluten in my food.\"), the model under test acknowledges it in its own words, " +
            $"then come N unrelated filler pairs (sums, capitals, weather; the same list for every item), then a question whose generic answer violates the preference (food in Rome: pasta). " +
            $"A rule-based judge runs the four checks (acknowledge, hallucinate, violate, helpful) and the released error taxonomy; accuracy = helpful and not violating.",
            $"The model is ours: a 2-layer GPT-2 (width 64, {s.Model.Context} positions) trained for {Int(s.Model.Steps)} steps on {Int(s.Model.Dialogues)} dialogues of the correct policy with up to {s.Model.MaxTrainFiller} filler pairs, " +
            $"the final question worded as each method words it (plain, reminder, worked example, retrieved context), always answered correctly; self-critic's requests were never in training. " +
            $"Conversations longer than the context are cut from the left (a sliding window), so the preference, said first, is what long filler pushes out. RAG retrieves the top {PrefLitePrompts.Prompts.RagTopK} history messages by BM25 against the question.",
            "What this scale can and cannot show: a model trained on the correct policy follows a preference it can see, so accuracy here falls when the window drops the preference, " +
            "not through the attention dilution that makes large models fail at a few thousand tokens. A reminder cannot bring back a preference that is no longer in the window, " +
            "and its extra words push the preference out one filler length sooner. Retrieval puts the preference next to the question, but in training a retrieved preference was " +
            "always also in the history (training conversations were never cut), so the model has not learned to rely on the retrieved copy alone; how much RAG recovers here measures that gap, not retrieval.",
            "The classification arm scores each option's text as the whole reply; the model always starts its replies differently (\"since you avoid ...\" or \"try the ...\"), so the option likelihoods hardly see the preference and stay near 50 % at every length.");
    }

    /// <summary>The same model under another cache name (the truncation policy changes its answers).</summary>
    private sealed class RenamedChatModel(IChatModel inner, string name) : IChatModel, IOptionScorer
    {
        public string Name => name;
        public Task<ChatAnswer> CompleteAsync(ChatRequest request, CancellationToken cancel = default) => inner.CompleteAsync(request, cancel);
        public Task<double[]> ScoreOptionsAsync(IReadOnlyList<AlignLab.Models.Tokenizers.ChatMessage> messages, IReadOnlyList<string> options, CancellationToken cancel = default) =>
            ((IOptionScorer)inner).ScoreOptionsAsync(messages, options, cancel);
    }

    private sealed class TrainingRelay(IProgress<double>? stage) : IProgress<AlignLab.Models.Training.TrainingProgress>
    {
        public void Report(AlignLab.Models.Training.TrainingProgress value) => stage?.Report(value.Step / (double)Math.Max(1, value.TotalSteps));
    }
}
