using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Steering.Experiments;

/// <summary>Sizes of <see cref="LayerStrengthExperiment"/>.</summary>
public sealed record LayerStrengthSettings
{
    public required IReadOnlyList<float> Alphas { get; init; }
    public required IReadOnlyList<int> Topics { get; init; }
    public required SeedRange Seeds { get; init; }
    public double Relevance { get; init; } = 0.5;
    public int HistorySize { get; init; } = 100;
    public DirectionSettings Directions { get; init; } = new();
    public required LabSettings Lab { get; init; }
    public required EvaluationSettings Evaluation { get; init; }
}

/// <summary>
/// The "no layer search" claim tested by sweeping: CONFST at each single layer and at all layers at once (α split
/// evenly over them), against α. Each layer has its own probe, so confident selection happens per layer.
/// </summary>
public sealed class LayerStrengthExperiment : Experiment<LayerStrengthSettings, LayerStrengthExperiment.Result>
{
    public override string Id => "steering/layer-strength";
    public override string Paper => SteeringReporting.Paper;
    public override string Title => "CONFST success and fluency over layer × strength";

    public override LayerStrengthSettings Quick => new()
    {
        Alphas = [0.25f, 0.5f], Topics = [1], Seeds = new SeedRange(2000, 1),
        Lab = new LabSettings { PoolPerTopic = 60, JudgePerTopic = 60 }, Evaluation = new EvaluationSettings { Prompts = 10, SamplesPerPrompt = 3 },
    };

    public override LayerStrengthSettings Full => new()
    {
        Alphas = [0.25f, 0.375f, 0.5f, 0.625f, 0.75f, 1f], Topics = [0, 1, 2, 3, 4], Seeds = new SeedRange(2000, 2),
        Lab = new LabSettings(), Evaluation = new EvaluationSettings(),
    };

    /// <summary>Layer −1 stands for all layers at once.</summary>
    public sealed record Cell(int Layer, float Alpha, double Success, double Perplexity);
    public sealed record Result(int Layers, IReadOnlyList<Cell> Cells, double UnsteeredPerplexity, double UnsteeredSuccess);

    public override Result Measure(LayerStrengthSettings s, ExperimentContext context)
    {
        var lab = SteeringReporting.Lab(s.Lab, context);
        var raw = new List<(int Layer, float Alpha, SteeringOutcome O)>();
        var unsteered = new List<SteeringOutcome>();
        var jobs = (from t in s.Topics from seed in s.Seeds.ToArray() select (t, seed)).ToList();
        var progress = context.Stage("histories × layers");
        int done = 0;
        foreach (var (topic, seed) in jobs)
        {
            unsteered.Add(lab.Evaluate(null, 0, topic, null, s.Evaluation, seed, context.Cancel));
            var (_, history) = lab.History(topic, seed % 2, s.Relevance, s.HistorySize, seed);
            var all = Enumerable.Range(0, lab.LayerCount).ToList();
            foreach (var layers in all.Select(l => (IReadOnlyList<int>)[l]).Append(all))
            {
                var built = SteeringBuild.Build(lab, new SteeringRequest(SteeringMethod.Confst, layers, s.Directions), history, topic, seed % 2);
                foreach (var a in s.Alphas)
                {
                    context.Cancel.ThrowIfCancellationRequested();
                    // All layers share one budget: each of the L points adds α/L.
                    float perPoint = a / layers.Count;
                    raw.Add((layers.Count == 1 ? layers[0] : -1, a, lab.Evaluate(built.Vectors, perPoint, topic, null, s.Evaluation, seed, context.Cancel)));
                }
            }
            progress?.Report((double)++done / jobs.Count);
        }
        var cells = raw.GroupBy(r => (r.Layer, r.Alpha)).Select(g => new Cell(g.Key.Layer, g.Key.Alpha, g.Average(r => r.O.Success), SteeringReporting.Mean(g.Select(r => r.O.Perplexity)))).ToList();
        return new Result(lab.LayerCount, cells, SteeringReporting.Mean(unsteered.Select(o => o.Perplexity)), unsteered.Average(o => o.Success));
    }

    protected override void Describe(Report report, LayerStrengthSettings s, Result r)
    {
        var layers = Enumerable.Range(0, r.Layers).Append(-1).ToList();
        string Label(int l) => l < 0 ? "all layers (α/L each)" : $"after block {l}";
        Cell Get(int l, float a) => r.Cells.Single(c => c.Layer == l && c.Alpha == a);
        report.Tables.Add(new Table($"CONFST topic success / perplexity at ρ = {F(s.Relevance, "F1")} (mean over topics {string.Join(", ", s.Topics)} and {s.Seeds}); unsteered perplexity {F(r.UnsteeredPerplexity, "F2")}, success {Percent(r.UnsteeredSuccess)}",
            ["layer", .. s.Alphas.Select(a => $"α = {F(a, "F2")}")],
            layers.Select(l => (IReadOnlyList<string>)[Label(l), .. s.Alphas.Select(a => $"{Percent(Get(l, a).Success)} / {F(Get(l, a).Perplexity, "F1")}")]).ToList()));
        var values = new double[layers.Count, s.Alphas.Count];
        for (int i = 0; i < layers.Count; i++)
            for (int j = 0; j < s.Alphas.Count; j++) values[i, j] = Get(layers[i], s.Alphas[j]).Success;
        report.Figures.Add(new Figure("layer-strength", "CONFST topic success by layer and α.", new Heatmap
        {
            Title = "Topic success", XLabel = "α", YLabel = "layer", Values = values, RowLabels = layers.Select(Label).ToList(),
            ColumnLabels = s.Alphas.Select(a => F(a, "F2")).ToList(),
        }.ToSvg()));
        report.Metrics["cells"] = r.Cells.Select(c => new Dictionary<string, object?> { ["layer"] = c.Layer < 0 ? "all" : c.Layer, ["alpha"] = c.Alpha, ["success"] = c.Success, ["perplexity"] = c.Perplexity }).ToArray();

        // Layers are compared at equal fluency: success where perplexity reaches the bound, interpolated along α.
        double bound = SteeringReporting.PerplexityBound * r.UnsteeredPerplexity;
        double AtBound(int l) => FluencyMatched.SuccessAt(bound, (r.UnsteeredPerplexity, r.UnsteeredSuccess),
            s.Alphas.Select(a => (Get(l, a).Perplexity, Get(l, a).Success)).ToList());
        var single = Enumerable.Range(0, r.Layers).Select(AtBound).ToList();
        double spread = single.Max() - single.Min();
        report.Metrics["success_at_fluency_bound_by_layer"] = single;
        report.Metrics["success_at_fluency_bound_all_layers"] = AtBound(-1);
        // The earlier measure (best grid α under the bound), kept for comparison: it depends on where the α grid falls.
        double BestGrid(int l) => s.Alphas.Select(a => Get(l, a)).Where(c => c.Perplexity <= bound).Select(c => c.Success).DefaultIfEmpty(r.UnsteeredSuccess).Max();
        var grid = Enumerable.Range(0, r.Layers).Select(BestGrid).ToList();
        report.Metrics["best_grid_success_under_bound_by_layer"] = grid;
        report.Claims.Add(new Claim($"Success is fairly flat across layers (our threshold: at equal fluency, perplexity = {SteeringReporting.PerplexityBound}× unsteered, success varies by ≤ 15 points between layers)",
            string.Join(", ", single.Select((x, l) => $"block {l}: {Percent(x)}")) + $"; spread {F(100 * spread, "F0")} points (all layers at once: {Percent(AtBound(-1))}; " +
            $"best grid α under the bound instead: {string.Join(" / ", grid.Select(x => Percent(x)))}, spread {F(100 * (grid.Max() - grid.Min()), "F0")} points)",
            "not stated in the paper as numbers (qualitative: no need to choose the layer)", spread <= 0.15));
        report.Summary = string.Join("\n\n",
            $"CONFST (τ = {s.Directions.Threshold}) built from a history with ρ = {F(s.Relevance, "F1")} relevant documents, added after one block or after every block, for each α. " +
            "A layer-agnostic method should reach similar success wherever it is added. Layers are compared at equal fluency: for each layer, the success " +
            $"where the continuations' perplexity reaches {SteeringReporting.PerplexityBound}× the unsteered one, interpolated in log perplexity between neighbouring α.",
            SteeringReporting.SetupNote(s.Lab, s.Evaluation));
    }
}
