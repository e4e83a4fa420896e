using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Forgetting;
using AlignLab.Methods.Unlearning.Metrics;
using AlignLab.Methods.Unlearning.Training;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using static AlignLab.Reports.Format;

namespace AlignLab.Methods.Unlearning.Experiments;

/// <summary>Sizes of <see cref="BaselineTableExperiment"/>.</summary>
public sealed record BaselineSettings
{
    public LabSettings Lab { get; init; } = new();
    /// <summary>The one budget every method gets (LUME compared methods at a fixed compute limit, not at matched forgetting).</summary>
    public int Steps { get; init; } = 60;
    public float LearningRate { get; init; } = 3e-3f;
    public int BatchSize { get; init; } = 8;
    public float Beta { get; init; } = 0.1f;
    public float RetainWeight { get; init; } = 1f;
    public int Seed { get; init; } = 1;
}

/// <summary>
/// LUME's baseline table on MiniLUME: GA, GD, KL, NPO (with and without the retain term) and SimNPO under one budget,
/// scored with LUME's metrics, beside the untouched target and the retrain-without-forget oracle.
/// </summary>
public sealed class BaselineTableExperiment : Experiment<BaselineSettings, BaselineTableExperiment.Result>
{
    public override string Id => "unlearning/lume-baselines";
    public override string Paper => UnlearningReporting.Lume;
    public override string Title => "LUME's baseline table (GA, GD, KL, NPO) with the retrain oracle, on MiniLUME";

    public override BaselineSettings Quick => new() { Lab = UnlearningExperiments.QuickLab, Steps = 40 };
    public override BaselineSettings Full => new();

    public sealed record Row(string Name, Evaluation Evaluation);
    public sealed record Result(IReadOnlyList<Row> Rows);

    public const string TargetName = "target (before unlearning)", OracleName = "oracle (retrained without the forget set)";

    private static readonly (string Name, UnlearnMethod Method, bool Retain)[] Methods =
    [
        ("GA", UnlearnMethod.Ga, false), ("GD", UnlearnMethod.Gd, true), ("KL", UnlearnMethod.Kl, true),
        ("NPO", UnlearnMethod.Npo, false), ("NPO+GDR", UnlearnMethod.Npo, true), ("SimNPO+GDR", UnlearnMethod.SimNpo, true),
    ];

    public override Result Measure(BaselineSettings s, ExperimentContext context)
    {
        var lab = UnlearningLab.Get(s.Lab, context.Cancel);
        var rows = Trials.Map(Methods.Length, UnlearningExperiments.TrialThreads, i =>
        {
            var (name, method, retain) = Methods[i];
            var model = lab.Target.Clone();
            new Unlearner(model, lab.Target, lab.Data.Forget, lab.Data.Retain, new UnlearnSettings
            {
                Method = method, Steps = s.Steps, LearningRate = s.LearningRate, BatchSize = s.BatchSize, Beta = s.Beta,
                RetainWeight = retain ? s.RetainWeight : 0, Seed = (ulong)s.Seed,
            }).Run(cancel: context.Cancel);
            return new Row(name, ModelEvaluation.Evaluate(model, lab.Data));
        }, context.Cancel, context.Stage("unlearning with each method"));
        return new Result([new Row(TargetName, lab.TargetEvaluation), .. rows, new Row(OracleName, lab.OracleEvaluation)]);
    }

    // LUME's 7B baseline table (task site, after the 2025-01-07 metric update): task aggregate, MIA score, MMLU, final.
    private static readonly Dictionary<string, (double Hm, double Mia, double Utility, double Final)> Paper7B = new()
    {
        ["GA"] = (0, 0.912, 0.269, 0.394), ["GD"] = (0, 0.382, 0.348, 0.243), ["KL"] = (0, 0.916, 0.269, 0.395), ["NPO"] = (0.021, 0.080, 0.463, 0.188),
    };

    protected override void Describe(Report report, BaselineSettings s, Result r)
    {
        Evaluation E(string name) => r.Rows.Single(x => x.Name == name).Evaluation;
        string P(string name, Func<(double Hm, double Mia, double Utility, double Final), double> pick) => Paper7B.TryGetValue(name, out var p) ? F(pick(p), "F3") : "—";
        report.Tables.Add(new Table($"LUME's metrics after {s.Steps} steps at lr {G(s.LearningRate)} for every method (forget and retain: mean over tasks); paper columns: LUME's OLMo-7B baselines",
            ["method", "forget ROUGE-L", "forget EM", "retain ROUGE-L", "retain EM", "task aggregate (HM)", "MIA AUC", "MIA score", "utility", "Final", "paper HM", "paper MIA score", "paper MMLU", "paper Final"],
            r.Rows.Select(x =>
            {
                var e = x.Evaluation;
                string key = x.Name == "NPO+GDR" ? "" : x.Name;
                return (IReadOnlyList<string>)[x.Name, F(e.ForgetRouge), F(e.ForgetEm), F(e.RetainRouge), F(e.RetainEm), F(e.Score.TaskAggregate), F(e.Score.MiaAuc ?? double.NaN),
                    F(e.Score.MiaScore ?? double.NaN), F(e.Score.Utility ?? double.NaN), F(e.Score.Final ?? double.NaN),
                    P(key, p => p.Hm), P(key, p => p.Mia), P(key, p => p.Utility), P(key, p => p.Final)];
            }).ToList()));
        var tasks = r.Rows[0].Evaluation.Score.Tasks;
        report.Tables.Add(new Table("The values inside LUME's harmonic mean (forget values inverted to 1 − x; regurgitation = ROUGE-L recall, knowledge = exact match)",
            ["method", .. tasks.SelectMany(t => new[] { $"{t.Split.ToString().ToLowerInvariant()} {t.Task} reg", $"{t.Split.ToString().ToLowerInvariant()} {t.Task} kn" })],
            r.Rows.Select(x => (IReadOnlyList<string>)[x.Name, .. x.Evaluation.Score.Tasks.SelectMany(t => new[] { t.Regurgitation, t.Knowledge })
                .Select((v, i) => F(r.Rows[0].Evaluation.Score.Tasks[i / 2].Split == LumeSplit.Forget ? 1 - v : v, "F2"))]).ToList()));
        report.Metrics["rows"] = r.Rows.Select(x => (object)new Dictionary<string, object?>(UnlearnPipeline.Metrics(x.Evaluation)) { ["method"] = x.Name }).ToArray();

        double chance = 0.25;
        var ga = E("GA"); var kl = E("KL"); var gd = E("GD"); var npo = E("NPO+GDR"); var target = E(TargetName); var oracle = E(OracleName);
        report.Claims.Add(new Claim("GA, GD and KL end with a task aggregate of 0 (the harmonic mean is 0 as soon as one of its values is 0)",
            $"GA {F(ga.Score.TaskAggregate)}, GD {F(gd.Score.TaskAggregate)}, KL {F(kl.Score.TaskAggregate)}", "0, 0, 0",
            new[] { ga, gd, kl }.All(e => e.Score.TaskAggregate == 0)));
        report.Claims.Add(new Claim("GA and KL destroy the model: retain memory near zero (our bound ≤ 0.1) and utility at chance (our bound ≤ chance + 0.05)",
            $"retain ROUGE-L / EM: GA {F(ga.RetainRouge, "F2")} / {F(ga.RetainEm, "F2")}, KL {F(kl.RetainRouge, "F2")} / {F(kl.RetainEm, "F2")}; utility GA {F(ga.Score.Utility ?? double.NaN, "F3")}, KL {F(kl.Score.Utility ?? double.NaN, "F3")} (chance {chance}, target {F(target.Score.Utility ?? double.NaN, "F3")})",
            "MMLU 0.269 for both (chance 0.25; the target 0.495)",
            new[] { ga, kl }.All(e => e.Score.Memory(LumeSplit.Retain) <= 0.1 && (e.Score.Utility ?? 1) <= chance + 0.05)));
        report.Claims.Add(new Claim("GA and KL still get a high MIA score (≥ 0.8, our bound): a destroyed model no longer separates members from non-members",
            $"GA {F(ga.Score.MiaScore ?? double.NaN)} (AUC {F(ga.Score.MiaAuc ?? double.NaN)}), KL {F(kl.Score.MiaScore ?? double.NaN)} (AUC {F(kl.Score.MiaAuc ?? double.NaN)})", "0.912, 0.916",
            new[] { ga, kl }.All(e => (e.Score.MiaScore ?? 0) >= 0.8)));
        report.Claims.Add(new Claim("NPO (+ retain NLL) keeps the most utility of LUME's four baselines while the loss attack still finds the forget set (MIA AUC ≥ 0.9, our bound)",
            $"utility NPO+GDR {F(npo.Score.Utility ?? double.NaN, "F3")} vs GA {F(ga.Score.Utility ?? double.NaN, "F3")}, GD {F(gd.Score.Utility ?? double.NaN, "F3")}, KL {F(kl.Score.Utility ?? double.NaN, "F3")}; MIA AUC {F(npo.Score.MiaAuc ?? double.NaN)}",
            "MMLU 0.463 vs 0.269 / 0.348 / 0.269; MIA score 0.080 (AUC ≈ 0.96)",
            (npo.Score.Utility ?? 0) >= new[] { ga, gd, kl }.Max(e => e.Score.Utility ?? 0) && (npo.Score.MiaAuc ?? 0) >= 0.9));
        report.Claims.Add(new Claim("LUME's final score ranks the collapsed GA and KL above NPO (the MIA score rewards destroying the model)",
            $"Final GA {F(ga.Score.Final ?? double.NaN)}, KL {F(kl.Score.Final ?? double.NaN)}, NPO+GDR {F(npo.Score.Final ?? double.NaN)}, GD {F(gd.Score.Final ?? double.NaN)}",
            "GA 0.394, KL 0.395 > GD 0.243 > NPO 0.188",
            Math.Min(ga.Score.Final ?? 0, kl.Score.Final ?? 0) > (npo.Score.Final ?? 1)));
        var methods = r.Rows.Where(x => x.Name != TargetName && x.Name != OracleName).ToArray();
        var best = methods.MaxBy(x => x.Evaluation.Score.Final ?? double.MinValue)!;
        report.Claims.Add(new Claim("No unlearning method gets close to the retrain oracle's final score",
            $"best method {best.Name} {F(best.Evaluation.Score.Final ?? double.NaN)} vs oracle {F(oracle.Score.Final ?? double.NaN)}",
            "none of the algorithms removes the forget set without large damage (LUME had no oracle)", (best.Evaluation.Score.Final ?? 0) < (oracle.Score.Final ?? 0)));
        double oracleRetain = HarmonicMean.Of(oracle.Score.Tasks.Where(t => t.Split == LumeSplit.Retain).SelectMany(t => new[] { t.Regurgitation, t.Knowledge }).Where(v => !double.IsNaN(v)).ToArray());
        report.Claims.Add(new Claim("The oracle's MIA score is near 1 (our bound ≥ 0.8: forget documents look like never-seen ones) and its task aggregate is set by its own forget-side template overlap and retain scores",
            $"MIA AUC {F(oracle.Score.MiaAuc ?? double.NaN)} → score {F(oracle.Score.MiaScore ?? double.NaN)}; task aggregate {F(oracle.Score.TaskAggregate)} (harmonic mean of its retain values alone {F(oracle.Score.TaskAggregate == 0 ? 0 : oracleRetain)}, forget ROUGE-L {F(oracle.ForgetRouge)})",
            "not in LUME (no oracle); expected by construction", (oracle.Score.MiaScore ?? 0) >= 0.8));
        report.Summary = string.Join("\n\n",
            $"Every method unlearns the whole forget set for {s.Steps} steps at lr {G(s.LearningRate)} (AdamW, clip 1.0, batch {s.BatchSize} forget + {s.BatchSize} retain examples, seed {s.Seed}); " +
            $"GD, KL, NPO+GDR and SimNPO+GDR add the retain term with weight {s.RetainWeight} (NLL for GD and the NPOs, forward KL to the target for KL); NPO's β = {s.Beta} with the sequence-summed log-ratio. " +
            "Scores are LUME's evaluation script's: greedy generations, ROUGE-L recall with the Porter stemmer for sentence completions, exact match of the whole answer for questions, per split and task; " +
            "forget values inverted; the harmonic mean of the 12 values; MIA score 1 − 2|AUC − ½| of the loss attack; Final = mean(HM, MIA score, utility). " +
            "LUME's numbers are from its OLMo-7B baselines (utility = MMLU); ours use a multiple-choice utility on background facts, whose ceiling on this tiny target is low.",
            UnlearningLab.Get(s.Lab).SetupNote());
    }
}
