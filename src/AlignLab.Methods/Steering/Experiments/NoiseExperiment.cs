using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Steering.Experiments;

/// <summary>Sizes of <see cref="NoiseExperiment"/>.</summary>
public sealed record NoiseSettings
{
    /// <summary>ρ: the share of the history that reflects the preference; the rest is spread over the other topics.</summary>
    public required IReadOnlyList<double> Relevance { get; init; }
    public required IReadOnlyList<float> Alphas { get; init; }
    public required IReadOnlyList<int> Topics { get; init; }
    /// <summary>History and sampling seeds per target topic.</summary>
    public required SeedRange Seeds { get; init; }
    public int Layer { get; init; } = 2;
    public int HistorySize { get; init; } = 100;
    public DirectionSettings Directions { get; init; } = new();
    public required LabSettings Lab { get; init; }
    public required EvaluationSettings Evaluation { get; init; }
}

/// <summary>
/// Success against history noise: CONFST (confident items only) against mean steering (every item) at equal α on the
/// same histories, with CAA and ActAdd (which do not read the history) as references.
/// </summary>
public sealed class NoiseExperiment : Experiment<NoiseSettings, NoiseExperiment.Result>
{
    public override string Id => "steering/noise";
    public override string Paper => SteeringReporting.Paper;
    public override string Title => "Topic steering from a noisy user history: CONFST vs mean steering";

    public override NoiseSettings Quick => new()
    {
        Relevance = [1.0, 0.3], Alphas = [0.5f], Topics = [0, 2], Seeds = new SeedRange(1000, 1),
        Lab = new LabSettings { PoolPerTopic = 60, JudgePerTopic = 60 }, Evaluation = new EvaluationSettings { Prompts = 10, SamplesPerPrompt = 3 },
    };

    public override NoiseSettings Full => new()
    {
        Relevance = [1.0, 0.7, 0.5, 0.3], Alphas = [0.25f, 0.5f, 0.75f], Topics = [0, 1, 2, 3, 4], Seeds = new SeedRange(1000, 2),
        Lab = new LabSettings(), Evaluation = new EvaluationSettings(),
    };

    /// <summary>Mean over topics and seeds of one method at one (ρ, α); Selected = history items averaged.</summary>
    public sealed record Cell(string Method, double Relevance, float Alpha, double Success, double Perplexity, double Selected, double PreferenceFound);
    public sealed record Result(IReadOnlyList<Cell> Cells, double UnsteeredSuccess, double UnsteeredPerplexity, IReadOnlyList<double> ProbeAccuracy);

    public override Result Measure(NoiseSettings s, ExperimentContext context)
    {
        var lab = SteeringReporting.Lab(s.Lab, context);
        var raw = new List<(string Method, double Rho, float Alpha, SteeringOutcome O, int Selected, bool Found)>();
        var unsteered = new List<SteeringOutcome>();
        var jobs = (from t in s.Topics from seed in s.Seeds.ToArray() select (t, seed)).ToList();
        var progress = context.Stage("histories × methods");
        int done = 0;
        foreach (var (topic, seed) in jobs)
        {
            int sentiment = seed % 2;
            unsteered.Add(lab.Evaluate(null, 0, topic, null, s.Evaluation, seed, context.Cancel));
            foreach (var rho in s.Relevance)
            {
                context.Cancel.ThrowIfCancellationRequested();
                var (_, history) = lab.History(topic, sentiment, rho, s.HistorySize, seed);
                foreach (var method in new[] { SteeringMethod.Confst, SteeringMethod.Mean })
                {
                    var built = SteeringBuild.Build(lab, new SteeringRequest(method, [s.Layer], s.Directions), history, topic, sentiment);
                    foreach (var a in s.Alphas)
                        raw.Add((method.Name(), rho, a, lab.Evaluate(built.Vectors, a, topic, null, s.Evaluation, seed, context.Cancel), built.Selected, built.Topic == topic));
                }
            }
            // ActAdd and CAA never read the history: one run per target, shown at every ρ.
            foreach (var method in new[] { SteeringMethod.Caa, SteeringMethod.ActAdd })
            {
                var built = SteeringBuild.Build(lab, new SteeringRequest(method, [s.Layer], s.Directions), lab.PoolActivations, topic, sentiment);
                foreach (var a in s.Alphas)
                    raw.Add((method.Name(), double.NaN, a, lab.Evaluate(built.Vectors, a, topic, null, s.Evaluation, seed, context.Cancel), built.Selected, true));
            }
            progress?.Report((double)++done / jobs.Count);
        }
        var cells = raw.GroupBy(r => (r.Method, r.Rho, r.Alpha))
            .Select(g => new Cell(g.Key.Method, g.Key.Rho, g.Key.Alpha, g.Average(r => r.O.Success), SteeringReporting.Mean(g.Select(r => r.O.Perplexity)),
                g.Average(r => (double)r.Selected), g.Average(r => r.Found ? 1.0 : 0.0)))
            .ToList();
        var probeAcc = Enumerable.Range(0, lab.LayerCount).Select(l => lab.TopicProbe(l).Accuracy(lab.PoolActivations.At(l), lab.Pool.Select(d => d.Topic).ToList())).ToList();
        return new Result(cells, unsteered.Average(o => o.Success), SteeringReporting.Mean(unsteered.Select(o => o.Perplexity)), probeAcc);
    }

    protected override void Describe(Report report, NoiseSettings s, Result r)
    {
        var confst = SteeringMethod.Confst.Name();
        var mean = SteeringMethod.Mean.Name();
        Cell Get(string m, double rho, float a) => r.Cells.Single(c => c.Method == m && (double.IsNaN(rho) ? double.IsNaN(c.Relevance) : c.Relevance == rho) && c.Alpha == a);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var rho in s.Relevance)
            foreach (var a in s.Alphas)
            {
                var c = Get(confst, rho, a);
                var m = Get(mean, rho, a);
                rows.Add([F(rho, "F1"), F(a, "F2"), Percent(c.Success), Percent(m.Success), Signed(100 * (c.Success - m.Success), "F1"),
                    F(c.Perplexity, "F2"), F(m.Perplexity, "F2"), F(c.Selected, "F1"), Percent(c.PreferenceFound)]);
            }
        report.Tables.Add(new Table($"Topic success at layer {s.Layer} (mean over target topics {string.Join(", ", s.Topics)} and {s.Seeds}); unsteered: {Percent(r.UnsteeredSuccess)} success, perplexity {F(r.UnsteeredPerplexity, "F2")}",
            ["ρ (relevant share)", "α", "CONFST", "mean steering", "gap (points)", "CONFST ppl", "mean ppl", "items CONFST kept", "preference found"], rows));
        report.Tables.Add(new Table("References that do not read the history (given the true target)",
            ["method", "α", "success", "perplexity"],
            r.Cells.Where(c => double.IsNaN(c.Relevance)).Select(c => (IReadOnlyList<string>)[c.Method, F(c.Alpha, "F2"), Percent(c.Success), F(c.Perplexity, "F2")]).ToList()));
        report.Metrics["unsteered_success"] = r.UnsteeredSuccess;
        report.Metrics["unsteered_perplexity"] = r.UnsteeredPerplexity;
        report.Metrics["probe_train_accuracy_by_layer"] = r.ProbeAccuracy;
        report.Metrics["cells"] = r.Cells.Select(c => new Dictionary<string, object?>
        {
            ["method"] = c.Method, ["relevance"] = double.IsNaN(c.Relevance) ? null : c.Relevance, ["alpha"] = c.Alpha, ["success"] = c.Success,
            ["perplexity"] = c.Perplexity, ["selected"] = c.Selected,
        }).ToArray();

        double Gap(double rho) => s.Alphas.Average(a => Get(confst, rho, a).Success - Get(mean, rho, a).Success);
        var noisy = s.Relevance.Where(x => x <= 0.5).ToList();
        double noisyGap = noisy.Average(Gap);
        report.Claims.Add(new Claim("At equal α, CONFST's success is at least mean steering's on noisy histories (ρ ≤ 0.5, averaged over α)",
            string.Join("; ", noisy.Select(x => $"ρ = {F(x, "F1")}: {Signed(100 * Gap(x), "F1")} points")),
            "not stated in the paper as numbers (qualitative: CONFST improves over mean steering)", noisyGap >= 0));
        double clean = Gap(s.Relevance.Max()), worst = Gap(s.Relevance.Min());
        report.Claims.Add(new Claim("The gap CONFST − mean steering grows as the history gets noisier",
            $"ρ = {F(s.Relevance.Max(), "F1")}: {Signed(100 * clean, "F1")} points → ρ = {F(s.Relevance.Min(), "F1")}: {Signed(100 * worst, "F1")} points",
            "not stated in the paper (qualitative: confident directions filter the noise that mean steering averages in)", worst > clean));
        var fluent = r.Cells.Where(c => c.Method == confst && c.Perplexity <= SteeringReporting.PerplexityBound * r.UnsteeredPerplexity).ToList();
        double bestFluent = fluent.Count == 0 ? double.NaN : fluent.Max(c => c.Success);
        report.Claims.Add(new Claim($"Five topics are steered from one 5-way probe well above the 20 % chance level (our threshold: ≥ 40 % success at perplexity ≤ {SteeringReporting.PerplexityBound}× unsteered, best α and ρ)",
            fluent.Count == 0 ? "no CONFST setting met the perplexity bound" : $"best fluent CONFST success {Percent(bestFluent)} (unsteered {Percent(r.UnsteeredSuccess)})",
            "not stated in the paper as numbers (qualitative: steering to several topics)", bestFluent >= 0.4));

        var plot = new LinePlot { Title = $"Success vs history relevance (α = {F(s.Alphas[s.Alphas.Count / 2], "F2")})", XLabel = "ρ (share of the history on the target)", YLabel = "topic success" };
        float mid = s.Alphas[s.Alphas.Count / 2];
        foreach (var m in new[] { confst, mean })
            plot.Series.Add(new Series(m, s.Relevance.ToList(), s.Relevance.Select(x => Get(m, x, mid).Success).ToList()));
        plot.HorizontalLines.Add((r.UnsteeredSuccess, "unsteered"));
        report.Figures.Add(new Figure("success-vs-noise", "Topic success of CONFST and mean steering on the same histories.", plot.ToSvg()));
        report.Summary = string.Join("\n\n",
            $"Each user history has {s.HistorySize} documents; a share ρ has the target topic, the rest is spread evenly over the other four topics. " +
            $"CONFST keeps the history items whose probe probability for the preferred topic (the topic with the largest mean probability over the history) is ≥ τ = {s.Directions.Threshold} " +
            $"and averages their activations; mean steering averages all of them. Both are {(s.Directions.Center ? "mean-centred (minus the labelled pool's mean activation)" : "raw means")} and added at every position after block {s.Layer}.",
            SteeringReporting.SetupNote(s.Lab, s.Evaluation));
    }
}
