using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Methods.RewardsFromDemos.Experiments.AlignTrials;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.RewardsFromDemos.Experiments;

/// <summary>Sizes of <see cref="CorruptedDemosExperiment"/>.</summary>
public sealed record CorruptedDemosSettings
{
    public required AlignSettings Align { get; init; }
    public required SeedRange Seeds { get; init; }
    public double CorruptedFraction { get; init; } = 0.2;
    /// <summary>Each method's grid, tuned with clean demonstrations; the corrupted arm reuses the chosen points.</summary>
    public IReadOnlyDictionary<string, GridPoint[]>? Grid { get; init; }
}

/// <summary>The same pipeline with clean and with 20 % corrupted demonstrations: how much true reward each method loses.</summary>
public sealed class CorruptedDemosExperiment : Experiment<CorruptedDemosSettings, CorruptedDemosExperiment.Result>
{
    public sealed record Result(AlignTrialResult Clean, AlignTrialResult Corrupted);
    private static readonly AlignMethod[] Methods = [AlignMethod.Sft, AlignMethod.Irft, AlignMethod.Irl];

    public override string Id => "rewards-from-demos/corrupted-demos";
    public override string Paper => AlignTrials.Paper;
    public override string Title => "Robustness to 20 % corrupted demonstrations: continued SFT vs IRFT vs IRL (arithmetic)";
    public override CorruptedDemosSettings Quick => new() { Align = AlignSettings.Quick(AlignTask.Arithmetic), Seeds = new SeedRange(1, 1), Grid = PolicyOrderingSettings.GridOf(Methods, quick: true) };
    public override CorruptedDemosSettings Full => new() { Align = new AlignSettings { Task = AlignTask.Arithmetic }, Seeds = new SeedRange(1, 3), Grid = PolicyOrderingSettings.GridOf(Methods, quick: false) };

    public override Result Measure(CorruptedDemosSettings s, ExperimentContext context)
    {
        var clean = AlignTrials.Run(s.Align, s.Seeds, Methods, s.Grid, context with { Progress = null }, "clean demonstrations");
        // The corrupted arm runs at the points chosen with clean demonstrations (its validation prompts are judged by the exact judge either way).
        var chosen = clean.Methods.ToDictionary(m => AlignMethods.Name(m.Method), m => new[] { m.ChosenPoint });
        var corrupted = AlignTrials.Run(s.Align with { Data = s.Align.Data with { CorruptedFraction = s.CorruptedFraction } }, s.Seeds, Methods, chosen, context, "corrupted demonstrations");
        return new Result(clean, corrupted);
    }

    protected override void Describe(Report report, CorruptedDemosSettings s, Result result)
    {
        var rows = new List<IReadOnlyList<string>>();
        var drops = new Dictionary<AlignMethod, double>();
        var cleanMeans = new List<double>();
        var corruptMeans = new List<double>();
        var cleanSe = new List<double>();
        var corruptSe = new List<double>();
        for (int m = 0; m < Methods.Length; m++)
        {
            var clean = result.Clean.Methods[m].ChosenRuns.Select(r => r.Score.TrueReward).ToList();
            var bad = result.Corrupted.Methods[m].ChosenRuns.Select(r => r.Score.TrueReward).ToList();
            drops[Methods[m]] = clean.Average() - bad.Average();
            cleanMeans.Add(clean.Average()); corruptMeans.Add(bad.Average());
            cleanSe.Add(StandardError(clean)); corruptSe.Add(StandardError(bad));
            rows.Add([AlignMethods.Label(Methods[m]), MeanSd(clean), MeanSd(bad), Signed(-drops[Methods[m]], "F3"), result.Clean.Methods[m].ChosenPoint.ToString()]);
            report.Metrics[AlignMethods.Name(Methods[m])] = new Dictionary<string, object?> { ["clean"] = clean.ToArray(), ["corrupted"] = bad.ToArray() };
        }
        rows.Insert(0, ["SFT model (start)", MeanSd(result.Clean.Sft.Select(x => x.TrueReward).ToList()), MeanSd(result.Corrupted.Sft.Select(x => x.TrueReward).ToList()),
            Signed(result.Corrupted.Sft.Average(x => x.TrueReward) - result.Clean.Sft.Average(x => x.TrueReward), "F3"), "—"]);
        report.Tables.Add(new Table($"Held-out true reward with clean and with {Percent(s.CorruptedFraction)} corrupted demonstrations (the SFT start is trained on the same demonstrations), mean ± sd over {s.Seeds}",
            ["policy", "clean", "corrupted", "change", "point (chosen on validation, clean demonstrations)"], rows));
        int sftIndex = Array.IndexOf(Methods, AlignMethod.Sft);
        foreach (var method in new[] { AlignMethod.Irl, AlignMethod.Irft })
        {
            int m = Array.IndexOf(Methods, method);
            // A smaller loss from a lower level is no robustness: the method must also end at least as high as continued SFT.
            report.Claims.Add(new Claim($"With {Percent(s.CorruptedFraction)} corrupted demonstrations, {AlignMethods.Label(method)} loses less true reward than continued SFT and still ends at least as high (our condition, because a policy already near the floor cannot lose much)",
                $"loss {F(drops[method])} vs {F(drops[AlignMethod.Sft])}; with corrupted demonstrations {F(corruptMeans[m])} vs {F(corruptMeans[sftIndex])}",
                "not stated in the paper (qualitative: learning a reward from demonstrations is robust to low-quality demonstrations)",
                drops[method] < drops[AlignMethod.Sft] && corruptMeans[m] >= corruptMeans[sftIndex]));
        }
        var plot = new BarPlot { Title = "True reward, clean vs corrupted demonstrations", YLabel = "mean r* (greedy), ± SE over seeds", Categories = Methods.Select(AlignMethods.Label).ToList() };
        plot.Groups.Add(new BarGroup("clean", cleanMeans, cleanSe));
        plot.Groups.Add(new BarGroup($"{Percent(s.CorruptedFraction)} corrupted", corruptMeans, corruptSe));
        report.Figures.Add(new Figure("corrupted-demos", $"Held-out true reward with clean and corrupted demonstrations, error bars one standard error over {s.Seeds}.", plot.ToSvg()));
        report.Summary = string.Join("\n\n",
            $"A fixed {Percent(s.CorruptedFraction)} of the demonstrations (the same prompts in both arms) carry a wrong answer with 1–2 edits; the base model, the SFT model and every method see only these; {s.Seeds}.",
            SetupNote);
    }
}
