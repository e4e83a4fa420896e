using AlignLab.Methods.Unlearning.Forgetting;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;
using AlignLab.Reports.Plots;
using static AlignLab.Reports.Format;
using static AlignLab.Methods.Unlearning.Experiments.UnlearningReporting;

namespace AlignLab.Methods.Unlearning.Experiments;

/// <summary>Sizes of <see cref="SharpnessExperiment"/>.</summary>
public sealed record SharpnessSettings
{
    public LabSettings Lab { get; init; } = new();
    public ArmSettings Arms { get; init; } = new();
    /// <summary>Perturbation radii as fractions of the weight norm ‖θ‖.</summary>
    public required IReadOnlyList<double> RelativeRadii { get; init; }
    public int RandomDraws { get; init; } = 4;
    public int PowerIterations { get; init; } = 15;
    public required SeedRange Seeds { get; init; }
}

/// <summary>
/// The forget-loss landscape around each matched unlearned model (the same models as the relearning experiment):
/// how much the forget NLL falls under the attacker's first-order perturbation of growing radius, how much it moves
/// under random perturbations, its gradient norm and its top Hessian eigenvalue.
/// </summary>
public sealed class SharpnessExperiment : Experiment<SharpnessSettings, SharpnessExperiment.Result>
{
    public override string Id => "unlearning/sharpness";
    public override string Paper => Smooth;
    public override string Title => "Sharpness of the forget loss around NPO and the smoothed unlearned models";

    public override SharpnessSettings Quick => new()
    {
        Lab = UnlearningExperiments.QuickLab, Arms = UnlearningExperiments.QuickArms, RelativeRadii = [0.003, 0.01], RandomDraws = 2, PowerIterations = 5, Seeds = new SeedRange(1, 2),
    };

    public override SharpnessSettings Full => new() { RelativeRadii = [0.001, 0.002, 0.005, 0.01, 0.02], Seeds = new SeedRange(1, 3) };

    public sealed record ArmProfile(string Arm, int Seed, SharpnessProfile Profile);
    public sealed record Result(IReadOnlyList<ArmProfile> Runs, SharpnessProfile Target);

    public override Result Measure(SharpnessSettings s, ExperimentContext context)
    {
        var lab = UnlearningLab.Get(s.Lab, context.Cancel);
        var seeds = s.Seeds.ToArray();
        var matched = MatchedArms.All(lab, s.Arms, seeds, context);
        var arms = s.Arms.Arms();
        SharpnessProfile Profile(Training.UnlearnModel m, int seed)
        {
            var probe = m.Clone(); // the cached models are shared with other experiments: never perturb them in place
            double norm = FlatParameters.Norm(probe.Snapshot());
            return Sharpness.Measure(probe, lab.Data.Forget, s.RelativeRadii.Select(x => x * norm).ToArray(), s.RandomDraws, s.PowerIterations, seed: (ulong)seed);
        }
        var runs = Trials.Map(arms.Count, seeds.Length, UnlearningExperiments.TrialThreads, (a, k) => new ArmProfile(arms[a].Name, seeds[k], Profile(matched[a][k].Model, seeds[k])),
            context.Cancel, context.Stage("landscapes"));
        return new Result(runs.SelectMany(r => r).ToArray(), Profile(lab.Target, seeds[0]));
    }

    protected override void Describe(Report report, SharpnessSettings s, Result r)
    {
        var names = s.Arms.Arms().Select(a => a.Name).ToArray();
        IReadOnlyList<SharpnessProfile> Of(string arm) => r.Runs.Where(x => x.Arm == arm).Select(x => x.Profile).ToArray();
        double[] Drop(string arm, int i) => Of(arm).Select(p => p.Points[i].AdversarialDrop).ToArray();
        double[] Random(string arm, int i) => Of(arm).Select(p => p.Points[i].RandomChange).ToArray();
        double M(string arm, Func<SharpnessProfile, double> pick) => Mean(Of(arm).Select(pick).ToArray());

        report.Tables.Add(new Table($"At the unlearned weights (mean ± sd over {s.Seeds}); target: forget NLL {F(r.Target.ForgetNll, "F2")}, gradient norm {F(r.Target.GradientNorm, "F3")}, top eigenvalue {F(r.Target.TopEigenvalue, "F2")}",
            ["method", "‖θ‖", "forget NLL", "‖∇ forget NLL‖", "top Hessian eigenvalue"],
            names.Select(n => (IReadOnlyList<string>)[n, F(M(n, p => p.WeightNorm), "F1"), MeanSd(Of(n).Select(p => p.ForgetNll).ToArray(), "F2"),
                MeanSd(Of(n).Select(p => p.GradientNorm).ToArray(), "F3"), MeanSd(Of(n).Select(p => p.TopEigenvalue).ToArray(), "F2")]).ToList()));
        var radii = s.RelativeRadii;
        report.Tables.Add(new Table("Forget NLL drop under the attacker's first-order perturbation of radius r·‖θ‖ (mean ± sd over seeds); larger = the forgotten data comes back more easily",
            ["method", .. radii.Select(x => $"r = {G(x)}")],
            names.Select(n => (IReadOnlyList<string>)[n, .. radii.Select((_, i) => MeanSd(Drop(n, i), "F3"))]).ToList()));
        report.Tables.Add(new Table($"Mean |change| of the forget NLL under {s.RandomDraws} random perturbations of radius r·‖θ‖ (mean ± sd over seeds)",
            ["method", .. radii.Select(x => $"r = {G(x)}")],
            names.Select(n => (IReadOnlyList<string>)[n, .. radii.Select((_, i) => MeanSd(Random(n, i), "F3"))]).ToList()));
        foreach (bool adversarial in new[] { true, false })
        {
            var plot = new LinePlot
            {
                Title = adversarial ? "Forget NLL drop along the attacker's direction" : "Forget NLL change along random directions",
                XLabel = "radius / ‖θ‖", YLabel = adversarial ? "drop in forget NLL" : "mean |change| of forget NLL", LogX = true,
            };
            foreach (var n in names)
                plot.Series.Add(new Series(n, radii.ToList(), radii.Select((_, i) => Mean(adversarial ? Drop(n, i) : Random(n, i))).ToList(),
                    radii.Select((_, i) => Sd(adversarial ? Drop(n, i) : Random(n, i))).ToList()));
            report.Figures.Add(new Figure(adversarial ? "adversarial-drop" : "random-change",
                (adversarial ? "Forget NLL drop under the worst-case (first-order) perturbation" : "Forget NLL change under random perturbations") + $" of each radius (mean ± sd over {s.Seeds}).", plot.ToSvg()));
        }
        report.Metrics["runs"] = r.Runs.Select(x => new Dictionary<string, object?>
        {
            ["arm"] = x.Arm, ["seed"] = x.Seed, ["forget_nll"] = x.Profile.ForgetNll, ["gradient_norm"] = x.Profile.GradientNorm, ["top_eigenvalue"] = x.Profile.TopEigenvalue,
            ["weight_norm"] = x.Profile.WeightNorm,
            ["points"] = x.Profile.Points.Select(p => new Dictionary<string, object?> { ["radius"] = p.Radius, ["adversarial_drop"] = p.AdversarialDrop, ["random_change"] = p.RandomChange }).ToArray(),
        }).ToArray();

        bool flatterEverywhere = radii.Select((_, i) => i).All(i => Mean(Drop("NPO+SAM", i)) < Mean(Drop("NPO", i)));
        report.Claims.Add(new Claim("The forget loss is flatter around NPO+SAM than around NPO: a smaller forget-NLL drop along the attacker's direction at every radius",
            string.Join("; ", radii.Select((x, i) => $"r = {G(x)}: NPO {F(Mean(Drop("NPO", i)), "F3")} vs SAM {F(Mean(Drop("NPO+SAM", i)), "F3")}")),
            "qualitative (Fig. 1b–h): NPO's forget-loss landscape is a sharp spike, SAM's a smooth plateau", flatterEverywhere));
        double gN = M("NPO", p => p.GradientNorm), gS = M("NPO+SAM", p => p.GradientNorm), eN = M("NPO", p => p.TopEigenvalue), eS = M("NPO+SAM", p => p.TopEigenvalue);
        report.Claims.Add(new Claim("NPO+SAM's forget-NLL gradient norm and top Hessian eigenvalue are smaller than NPO's",
            $"gradient norm NPO {F(gN, "F3")} vs SAM {F(gS, "F3")}; top eigenvalue NPO {F(eN, "F2")} vs SAM {F(eS, "F2")}",
            "SAM minimises ℓ_f + ρ‖∇ℓ_f‖ to first order, i.e. penalises the gradient norm (no numbers given)", gS < gN && eS < eN));
        int mid = radii.Count / 2;
        var others = names.Where(n => n is "NPO+RS" or "NPO+GP" or "NPO+CR" or "NPO+WA").ToArray();
        int flatter = others.Count(n => Mean(Drop(n, mid)) < Mean(Drop("NPO", mid)));
        report.Claims.Add(new Claim($"At least 3 of RS, GP, CR and WA are also flatter than NPO along the attacker's direction (r = {G(radii[mid])})",
            $"{flatter} of {others.Length}: " + string.Join(", ", others.Select(n => $"{n[4..]} {F(Mean(Drop(n, mid)), "F3")}")) + $" vs NPO {F(Mean(Drop("NPO", mid)), "F3")}",
            "qualitative (Fig. 1): GP, CR and WA also give smooth landscapes", flatter >= 3));
        report.Summary = string.Join("\n\n",
            "Around each matched unlearned model (the models of the relearning experiment, same seeds) the forget loss is the token-mean NLL of every forget document and answer, the quantity a relearning attacker lowers. " +
            "The attacker's first-order perturbation of radius r is −r·∇NLL/‖∇NLL‖ (the same linearised inner maximisation as SAM's); the random ones are r·u for uniformly random unit vectors u. " +
            $"Radii are fractions of the weight norm ‖θ‖. The top Hessian eigenvalue (largest in magnitude) comes from {s.PowerIterations} power iterations on central finite-difference Hessian-vector products.",
            s.Arms.Describe(), UnlearningLab.Get(s.Lab).SetupNote());
    }
}
