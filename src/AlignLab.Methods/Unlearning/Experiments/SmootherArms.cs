using System.Text.Json;
using AlignLab.Methods.Unlearning.Forgetting;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Unlearning.Experiments;

/// <summary>One method compared under relearning: a name and its unlearning settings (learning rate and steps come from the matching search).</summary>
public sealed record SmootherArm(string Name, UnlearnSettings Settings);

/// <summary>
/// NPO + retain NLL alone and wrapped in each smoother, all with the same β, γ and batch; only the smoother's own
/// parameter differs. GP's λ equals SAM's ρ (to first order the two are then the same update, the paper's argument
/// for GP); CR uses the paper's λ = 10 and probe step h = 0.01.
/// </summary>
public sealed record ArmSettings
{
    public UnlearnSettings Npo { get; init; } = new() { Method = UnlearnMethod.Npo, Beta = 0.1f, RetainWeight = 2f, BatchSize = 8 };
    public float SamRho { get; init; } = 0.1f;
    public float RsSigma { get; init; } = 0.01f;
    public float GpLambda { get; init; } = 0.1f;
    public float CrLambda { get; init; } = 10f;
    public int WaFrom { get; init; } = 150;
    public int WaEvery { get; init; } = 5;
    public MatchSettings Match { get; init; } = new();

    public IReadOnlyList<SmootherArm> Arms() =>
    [
        new("NPO", Npo with { Smoother = Smoother.None }),
        new("NPO+SAM", Npo with { Smoother = Smoother.Sam, Rho = SamRho }),
        new("NPO+RS", Npo with { Smoother = Smoother.Rs, Rho = RsSigma }),
        new("NPO+GP", Npo with { Smoother = Smoother.Gp, Rho = GpLambda }),
        new("NPO+CR", Npo with { Smoother = Smoother.Cr, Rho = CrLambda }),
        new("NPO+WA", Npo with { Smoother = Smoother.Wa, AverageFrom = WaFrom, AverageEvery = WaEvery }),
    ];

    public string Describe() =>
        $"NPO: β = {Npo.Beta}, sequence-summed log-ratio, retain NLL weight γ = {Npo.RetainWeight}, batch {Npo.BatchSize} forget + {Npo.BatchSize} retain examples, AdamW, clip 1.0. " +
        $"SAM ρ = {SamRho}; RS σ = {RsSigma} per weight, {Npo.NoiseSamples} draws; GP λ = {GpLambda}; CR λ = {CrLambda}, h = {Npo.CurvatureStep}; WA averages every {WaEvery} steps from step {WaFrom}. " +
        $"Matched forgetting: every method gets the same search (learning rates {string.Join(", ", Match.LearningRates)}, at most {Match.MaxSteps} steps, a checkpoint every {Match.CheckEvery}) and stops at the first checkpoint " +
        $"with forget ROUGE-L recall within {Match.ForgetRouge} ± {Match.Tolerance}, forget EM ≤ {Match.ForgetEm} and retain EM ≥ {Match.RetainEm} (our level: about halfway between the target's 1.0 and the oracle's template floor, " +
        "with the retain answers intact so an attack cannot \"recover\" by repairing them).";
}

/// <summary>The matched unlearned models of each arm and seed, kept for the process so the relearning and sharpness
/// experiments share one search.</summary>
public static class MatchedArms
{
    // Keyed by the serialised settings: records holding lists compare those by reference.
    private static readonly Dictionary<string, MatchedModel> Cache = new();

    public static MatchedModel Get(UnlearningLab lab, ArmSettings arms, SmootherArm arm, int seed, CancellationToken cancel)
    {
        string key = JsonSerializer.Serialize(new { lab.Settings, arms, arm.Name, seed });
        lock (Cache) if (Cache.TryGetValue(key, out var cached)) return cached;
        var matched = MatchedForgetting.Tune(lab.Target, lab.Data, arm.Settings with { Seed = (ulong)seed }, arms.Match, cancel);
        lock (Cache) Cache[key] = matched;
        return matched;
    }

    /// <summary>Every arm at every seed, [arm][seed], reporting progress.</summary>
    public static MatchedModel[][] All(UnlearningLab lab, ArmSettings arms, IReadOnlyList<int> seeds, ExperimentContext context)
    {
        var list = arms.Arms();
        return Trials.Map(list.Count, seeds.Count, UnlearningExperiments.TrialThreads, (a, s) => Get(lab, arms, list[a], seeds[s], context.Cancel), context.Cancel,
            context.Stage("matched unlearning of every method"));
    }
}
