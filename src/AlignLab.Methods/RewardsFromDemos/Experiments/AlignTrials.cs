using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.RewardsFromDemos.Experiments;

/// <summary>One method on one seed: its held-out score and, for IRL, the reward model's pair accuracy after each round.</summary>
public sealed record MethodRun(AlignMethod Method, int Seed, PolicyScore Score, IReadOnlyList<double> RoundAccuracy);

/// <summary>Every seed's starting point and every method's runs from it: [method][seed].</summary>
public sealed record AlignTrialResult(IReadOnlyList<PolicyScore> Sft, IReadOnlyList<PolicyScore> Base, IReadOnlyList<IReadOnlyList<MethodRun>> Runs);

/// <summary>Runs methods over seeds: each seed's foundation once, then every method from it, in parallel trials.</summary>
public static class AlignTrials
{
    public const string Paper = "From Demonstrations to Rewards: Alignment Without Explicit Human Preferences";

    public static AlignTrialResult Run(AlignSettings settings, SeedRange seeds, IReadOnlyList<AlignMethod> methods, ExperimentContext context, string stage)
    {
        var foundations = Trials.Map(seeds.Count, context.Threads, i => Foundation.Build(settings, seeds[i], null, context.Cancel),
            context.Cancel, context.Stage(stage + ": base and SFT models", 0, 2));
        var sft = foundations.Select(f => PolicyScore.OfSft(f, context.Cancel)).ToArray();
        var baseScores = foundations.Select(f => PolicyScore.Of(new AlignOutcome(AlignMethod.Sft, f.Base, null, []), f, context.Cancel)).ToArray();
        var runs = Trials.Map(methods.Count, seeds.Count, context.Threads, (m, i) =>
        {
            var outcome = AlignTrainer.Run(methods[m], foundations[i], null, context.Cancel);
            return new MethodRun(methods[m], seeds[i], PolicyScore.Of(outcome, foundations[i], context.Cancel), outcome.RoundAccuracy);
        }, context.Cancel, context.Stage(stage + ": methods", 1, 2));
        return new AlignTrialResult(sft, baseScores, runs);
    }

    public static double Mean(IEnumerable<double> values) => values.Average();

    /// <summary>Standard error of the mean (sample sd / √n; 0 for one value).</summary>
    public static double StandardError(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) / values.Count);
    }

    public const string SetupNote =
        "Setup: a 2-layer GPT-2 (width 48, 4 heads, one token per character) is first trained on a noisy corpus in which 40 % of answers are right and " +
        "the rest carry 1–2 random edits (the weak base model), then fine-tuned on oracle demonstrations (the SFT model, every method's starting point). " +
        "Every method then takes the same number of policy gradient steps at the same learning rate with Adam and a gradient-norm clip of 1: continued SFT on the demonstrations; " +
        "SPIN (demonstration ≻ one SFT sample at temperature 0.7, implicit reward β·log π/π_SFT, β = 0.1); IRFT (the same loss in stages, each regenerating its " +
        "chunk's negatives with the current model and freezing it as the reference); IRL (per round: one own sample per demonstration prompt, pairs accumulated over " +
        "rounds, a Bradley–Terry reward model initialised from the SFT model and standardised on the demonstrations, then RLOO with 4 samples per prompt against it with a " +
        "KL penalty 0.05 toward the round's starting policy; PPO is replaced by RLOO for cost; completions without an end token get reward −1); DPO on pairs of " +
        "the SFT model's own samples labelled best ≻ worst by the exact judge (a reference point: it sees oracle preferences, not demonstrations). " +
        "True reward r* = 1 for the exact answer, 0.5·(1 − edit distance / length) otherwise, 0 without an end token; policies decode greedily on held-out prompts " +
        "that no training split contains. Reward accuracy is measured on held-out pairs of two candidates with different r* (oracle answer, a one- and a two-edit " +
        "corruption, a base-model and an SFT-model sample): the IRL reward model; β·log π/π_SFT for SPIN, IRFT and DPO; per-token log-likelihood for continued SFT.";
}
