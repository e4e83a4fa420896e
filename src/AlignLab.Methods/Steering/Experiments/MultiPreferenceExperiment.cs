using AlignLab.Core;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Steering.Experiments;

/// <summary>Sizes of <see cref="MultiPreferenceExperiment"/>.</summary>
public sealed record MultiPreferenceSettings
{
    public required IReadOnlyList<float> Alphas { get; init; }
    public required IReadOnlyList<int> Topics { get; init; }
    public required SeedRange Seeds { get; init; }
    public double Relevance { get; init; } = 0.7;
    public int Layer { get; init; } = 2;
    public int HistorySize { get; init; } = 100;
    public DirectionSettings Directions { get; init; } = new();
    public required LabSettings Lab { get; init; }
    public required EvaluationSettings Evaluation { get; init; }
}

/// <summary>
/// Two preferences at once (topic and sentiment): the topic direction alone, the sentiment direction alone, and their
/// sum (each from its own probe), judged by joint success (both targets hit by the held-out classifiers).
/// </summary>
public sealed class MultiPreferenceExperiment : Experiment<MultiPreferenceSettings, MultiPreferenceExperiment.Result>
{
    public override string Id => "steering/multi-preference";
    public override string Paper => SteeringReporting.Paper;
    public override string Title => "Steering toward a topic and a sentiment at once";

    public override MultiPreferenceSettings Quick => new()
    {
        Alphas = [0.5f], Topics = [3], Seeds = new SeedRange(3000, 2),
        Lab = new LabSettings { PoolPerTopic = 60, JudgePerTopic = 60 }, Evaluation = new EvaluationSettings { Prompts = 10, SamplesPerPrompt = 3 },
    };

    public override MultiPreferenceSettings Full => new()
    {
        Alphas = [0.25f, 0.5f, 0.75f], Topics = [0, 1, 2, 3, 4], Seeds = new SeedRange(3000, 2),
        Lab = new LabSettings(), Evaluation = new EvaluationSettings(),
    };

    public sealed record Cell(string Arm, float Alpha, double Topic, double Sentiment, double Joint, double Perplexity);
    /// <summary>Probe accuracies on fresh labelled documents (not the pool), at the experiment's layer.</summary>
    public sealed record Result(IReadOnlyList<Cell> Cells, Cell Unsteered, double TopicProbeAccuracy, double SentimentProbeAccuracy);

    /// <summary>The three CONFST arms, then a reference that does not read the history: CAA's sentiment direction from the true labels.</summary>
    private static readonly string[] Arms = ["topic only", "sentiment only", "topic + sentiment", "sentiment CAA (reference)"];

    public override Result Measure(MultiPreferenceSettings s, ExperimentContext context)
    {
        var lab = SteeringReporting.Lab(s.Lab, context);
        var raw = new List<(string Arm, float Alpha, SteeringOutcome O)>();
        var unsteered = new List<SteeringOutcome>();
        var jobs = (from t in s.Topics from seed in s.Seeds.ToArray() select (t, seed)).ToList();
        var progress = context.Stage("histories × arms");
        int done = 0;
        foreach (var (topic, seed) in jobs)
        {
            int sentiment = seed % 2;
            unsteered.Add(lab.Evaluate(null, 0, topic, sentiment, s.Evaluation, seed, context.Cancel));
            var (_, history) = lab.History(topic, sentiment, s.Relevance, s.HistorySize, seed);
            var hist = history.At(s.Layer);
            var pool = lab.PoolActivations.At(s.Layer);
            var topicProbe = lab.TopicProbe(s.Layer);
            var sentimentProbe = lab.SentimentProbe(s.Layer);
            int k = DirectionBuilder.PreferredClass(topicProbe, hist), m = DirectionBuilder.PreferredClass(sentimentProbe, hist);
            var vTopic = DirectionBuilder.Confst(s.Layer, topicProbe, hist, k, pool, lab.Settings.Span.Rows, s.Directions);
            var vSentiment = DirectionBuilder.Confst(s.Layer, sentimentProbe, hist, m, pool, lab.Settings.Span.Rows, s.Directions);
            double norm = lab.PoolActivations.TypicalNorms[s.Layer];
            var name = history.PointNames[s.Layer];
            // Each preference gets its own unit budget, so the sum adds both at full strength (additive multi-feature steering).
            var directions = new[]
            {
                new[] { vTopic.Scaled(norm, s.Directions.Mode) },
                new[] { vSentiment.Scaled(norm, s.Directions.Mode) },
                new[] { vTopic.Scaled(norm, s.Directions.Mode), vSentiment.Scaled(norm, s.Directions.Mode) },
                // Can any sentiment direction at this layer move the judged sentiment? The labelled mean difference, given the true target.
                new[] { DirectionBuilder.Caa(s.Layer, pool, lab.Pool.Select(d => d.Sentiment).ToList(), sentiment, StyleCorpus.SentimentCount, lab.Settings.Span.Rows).Scaled(norm, s.Directions.Mode) },
            };
            for (int arm = 0; arm < Arms.Length; arm++)
            {
                var vectors = new SteeringVectors(new Dictionary<string, float[,]> { [name] = Sum(directions[arm]) }, s.Directions.Mode, lab.Settings.Span.Start);
                foreach (var a in s.Alphas)
                {
                    context.Cancel.ThrowIfCancellationRequested();
                    raw.Add((Arms[arm], a, lab.Evaluate(vectors, a, topic, sentiment, s.Evaluation, seed, context.Cancel)));
                }
            }
            progress?.Report((double)++done / jobs.Count);
        }
        var cells = raw.GroupBy(r => (r.Arm, r.Alpha)).Select(g => new Cell(g.Key.Arm, g.Key.Alpha, g.Average(r => r.O.TopicSuccess), g.Average(r => r.O.SentimentSuccess),
            g.Average(r => r.O.JointSuccess), SteeringReporting.Mean(g.Select(r => r.O.Perplexity)))).ToList();
        var u = new Cell("unsteered", 0, unsteered.Average(o => o.TopicSuccess), unsteered.Average(o => o.SentimentSuccess), unsteered.Average(o => o.JointSuccess),
            SteeringReporting.Mean(unsteered.Select(o => o.Perplexity)));
        var heldOut = lab.Corpus.Labelled(s.Lab.PoolPerTopic / 2, CorpusPart.Pool, new Generator(s.Lab.Seed + 1000));
        var acts = ActivationCapture.Capture(lab.Model, lab.Tokenizer, heldOut.Select(d => d.Text).ToList(), lab.Settings.Span, context.Cancel).At(s.Layer);
        return new Result(cells, u, lab.TopicProbe(s.Layer).Accuracy(acts, heldOut.Select(d => d.Topic).ToList()),
            lab.SentimentProbe(s.Layer).Accuracy(acts, heldOut.Select(d => d.Sentiment).ToList()));
    }

    private static float[,] Sum(float[][,] parts)
    {
        var sum = (float[,])parts[0].Clone();
        for (int p = 1; p < parts.Length; p++)
            for (int j = 0; j < sum.GetLength(0); j++)
                for (int c = 0; c < sum.GetLength(1); c++) sum[j, c] += parts[p][j, c];
        return sum;
    }

    protected override void Describe(Report report, MultiPreferenceSettings s, Result r)
    {
        var rows = new List<IReadOnlyList<string>> { Row(r.Unsteered) };
        rows.AddRange(r.Cells.OrderBy(c => c.Alpha).ThenBy(c => Array.IndexOf(Arms, c.Arm)).Select(Row));
        report.Tables.Add(new Table($"Topic, sentiment and joint success (mean over topics {string.Join(", ", s.Topics)} and {s.Seeds}; sentiment target alternates with the seed)",
            ["arm", "α", "topic", "sentiment", "joint", "perplexity"], rows));
        report.Metrics["cells"] = r.Cells.Select(c => new Dictionary<string, object?> { ["arm"] = c.Arm, ["alpha"] = c.Alpha, ["topic"] = c.Topic, ["sentiment"] = c.Sentiment, ["joint"] = c.Joint, ["perplexity"] = c.Perplexity }).ToArray();
        report.Metrics["unsteered_joint"] = r.Unsteered.Joint;
        report.Metrics["topic_probe_heldout_accuracy"] = r.TopicProbeAccuracy;
        report.Metrics["sentiment_probe_heldout_accuracy"] = r.SentimentProbeAccuracy;

        Cell Get(string arm, float a) => r.Cells.Single(c => c.Arm == arm && c.Alpha == a);
        var fluent = s.Alphas.Where(a => Get(Arms[2], a).Perplexity <= SteeringReporting.PerplexityBound * r.Unsteered.Perplexity).ToList();
        // Both preferences must move: a higher joint score from a stronger topic push alone is not multi-preference steering.
        bool held = fluent.Count > 0 && fluent.Any(a => Get(Arms[2], a).Joint > Math.Max(Get(Arms[0], a).Joint, Get(Arms[1], a).Joint)
                                                        && Get(Arms[2], a).Sentiment >= r.Unsteered.Sentiment + 0.10);
        report.Claims.Add(new Claim($"Adding the topic and sentiment directions gives higher joint success than either alone at the same α, with perplexity ≤ {SteeringReporting.PerplexityBound}× unsteered and sentiment success ≥ 10 points above unsteered (our bounds: both preferences must move)",
            string.Join("; ", s.Alphas.Select(a => $"α = {F(a, "F2")}: sum {Percent(Get(Arms[2], a).Joint)} joint, {Percent(Get(Arms[2], a).Sentiment)} sentiment (ppl {F(Get(Arms[2], a).Perplexity, "F2")}) vs topic {Percent(Get(Arms[0], a).Joint)}, sentiment {Percent(Get(Arms[1], a).Joint)}")) +
            $"; unsteered {Percent(r.Unsteered.Joint)} joint, {Percent(r.Unsteered.Sentiment)} sentiment, ppl {F(r.Unsteered.Perplexity, "F2")}",
            "not stated in the paper as numbers (qualitative: CONFST aligns more than two preferences at once)", held));
        report.Summary = string.Join("\n\n",
            $"Histories with ρ = {F(s.Relevance, "F1")} of documents in the target topic and sentiment. A 5-way topic probe and a 2-way sentiment probe (same layer, {s.Layer}) each select their confident items; " +
            "the two CONFST directions are each scaled to one residual norm and added together. Joint success needs both held-out classifiers to agree with the targets; chance is 10 %. " +
            $"On fresh labelled documents the topic probe is {Percent(r.TopicProbeAccuracy)} accurate (chance 20 %) and the sentiment probe {Percent(r.SentimentProbeAccuracy)} (chance 50 %); " +
            "a sentiment probe near chance cannot tell which history items are confidently positive or negative, nor which sentiment the history prefers. " +
            "The last arm, CAA's sentiment direction built from the true labels, shows whether any sentiment direction at this layer moves the judged sentiment.",
            SteeringReporting.SetupNote(s.Lab, s.Evaluation));
    }

    private static IReadOnlyList<string> Row(Cell c) => [c.Arm, c.Arm == "unsteered" ? "—" : F(c.Alpha, "F2"), Percent(c.Topic), Percent(c.Sentiment), Percent(c.Joint), F(c.Perplexity, "F2")];
}
