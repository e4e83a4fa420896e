using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.RewardsFromDemos.Experiments;

/// <summary>One method at one grid point on one seed: its held-out (test) score, its validation r*, and for IRL the reward model's pair accuracy after each round.</summary>
public sealed record MethodRun(AlignMethod Method, int Seed, GridPoint Point, PolicyScore Score, double ValidationReward, IReadOnlyList<double> RoundAccuracy);

/// <summary>
/// One method over its grid: runs [point][seed], and the point with the highest mean validation r* over the seeds
/// (the first such point on a tie). Only validation prompts choose; the held-out scores of the chosen point are the result.
/// </summary>
public sealed record MethodTuning(AlignMethod Method, IReadOnlyList<GridPoint> Grid, IReadOnlyList<IReadOnlyList<MethodRun>> Runs, int Chosen)
{
    public IReadOnlyList<MethodRun> ChosenRuns => Runs[Chosen];
    public GridPoint ChosenPoint => Grid[Chosen];
    public double ValidationMean(int point) => Runs[point].Average(r => r.ValidationReward);

    /// <summary>The index of the best mean validation r* (the first on a tie).</summary>
    public static int Choose(IReadOnlyList<IReadOnlyList<MethodRun>> runs)
    {
        int best = 0;
        double bestValue = double.NegativeInfinity;
        for (int p = 0; p < runs.Count; p++)
        {
            double value = runs[p].Average(r => r.ValidationReward);
            if (value > bestValue) (best, bestValue) = (p, value);
        }
        return best;
    }
}

/// <summary>Every seed's starting points (scored on the held-out prompts, and the SFT model's validation r*) and every method's tuning.</summary>
public sealed record AlignTrialResult(IReadOnlyList<PolicyScore> Sft, IReadOnlyList<PolicyScore> Base, IReadOnlyList<double> SftValidation, IReadOnlyList<MethodTuning> Methods)
{
    public MethodTuning this[AlignMethod method] => Methods.Single(m => m.Method == method);
}

/// <summary>Runs methods over grid points and seeds: each seed's foundation once, then every (method, point) from it, in parallel trials.</summary>
public static class AlignTrials
{
    public const string Paper = "From Demonstrations to Rewards: Alignment Without Explicit Human Preferences";

    /// <param name="grid">Each method's grid points, keyed by <see cref="AlignMethods.Name"/>; a method missing from it runs at the point its settings describe.</param>
    public static AlignTrialResult Run(AlignSettings settings, SeedRange seeds, IReadOnlyList<AlignMethod> methods, IReadOnlyDictionary<string, GridPoint[]>? grid,
        ExperimentContext context, string stage)
    {
        var foundations = Trials.Map(seeds.Count, context.Threads, i => Foundation.Build(settings, seeds[i], null, context.Cancel),
            context.Cancel, context.Stage(stage + ": base and SFT models", 0, 2));
        var sft = foundations.Select(f => PolicyScore.OfSft(f, context.Cancel)).ToArray();
        var sftValidation = foundations.Select(f => PolicyScore.Greedy(f.Sft, f.Data.Validation, context.Cancel).Reward).ToArray();
        var baseScores = foundations.Select(f => PolicyScore.Of(new AlignOutcome(AlignMethod.Sft, f.Base, null, []), f, context.Cancel)).ToArray();
        var points = methods.Select(m => grid != null && grid.TryGetValue(AlignMethods.Name(m), out var g) ? g : [MethodGrid.Of(settings, m)]).ToArray();
        var jobs = new List<(int Method, int Point, int Seed)>();
        for (int m = 0; m < methods.Count; m++)
            for (int p = 0; p < points[m].Length; p++)
                for (int i = 0; i < seeds.Count; i++) jobs.Add((m, p, i));
        var runs = Trials.Map(jobs.Count, context.Threads, j =>
        {
            var (m, p, i) = jobs[j];
            var foundation = foundations[i].WithMethodSettings(MethodGrid.Apply(settings, methods[m], points[m][p]));
            var outcome = AlignTrainer.Run(methods[m], foundation, null, context.Cancel);
            double validation = PolicyScore.Greedy(outcome.Policy, foundation.Data.Validation, context.Cancel).Reward;
            return new MethodRun(methods[m], seeds[i], points[m][p], PolicyScore.Of(outcome, foundation, context.Cancel), validation, outcome.RoundAccuracy);
        }, context.Cancel, context.Stage(stage + ": methods", 1, 2));
        var tunings = new MethodTuning[methods.Count];
        int next = 0;
        for (int m = 0; m < methods.Count; m++)
        {
            var byPoint = new IReadOnlyList<MethodRun>[points[m].Length];
            for (int p = 0; p < byPoint.Length; p++) { byPoint[p] = runs[next..(next + seeds.Count)]; next += seeds.Count; }
            tunings[m] = new MethodTuning(methods[m], points[m], byPoint, MethodTuning.Choose(byPoint));
        }
        return new AlignTrialResult(sft, baseScores, sftValidation, tunings);
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
        "Every method then takes the same number of policy gradient steps with Adam and a gradient-norm clip of 1, at its own learning rate (and β or KL weight) where it is tuned: continued SFT on the demonstrations; " +
        "SPIN (demonstration ≻ one SFT sample at temperature 0.7, implicit reward β·log π/π_SFT); IRFT (the same loss in stages, each regenerating its " +
        "chunk's negatives with the current model and freezing it as the reference); IRL (per round: one own sample per demonstration prompt, pairs accumulated over " +
        "rounds, a Bradley–Terry reward model initialised from the SFT model, shifted to mean 0 on the demonstrations and scaled to unit spread over the demonstrations and the round's own samples, then RLOO with 4 samples per prompt against it with a " +
        "KL penalty toward the round's starting policy; PPO is replaced by RLOO for cost; completions without an end token get reward −1); the stronger-reward-model arm of IRL draws several own samples per demonstration and round and trains the reward model for more steps; " +
        "SPIN, IRFT and IRL leave out samples equal to their demonstration (no gradient); DPO on pairs of " +
        "the SFT model's own samples labelled best ≻ worst by the exact judge (a reference point: it sees oracle preferences, not demonstrations). " +
        "True reward r* = 1 for the exact answer, 0.5·(1 − edit distance / length) otherwise, 0 without an end token; policies decode greedily on held-out prompts " +
        "that no training split contains. Reward accuracy is measured on held-out pairs of two candidates with different r* (oracle answer, a one- and a two-edit " +
        "corruption, a base-model and an SFT-model sample): the IRL reward model; β·log π/π_SFT for SPIN, IRFT and DPO; per-token log-likelihood for continued SFT. " +
        "Where hyperparameters are tuned, every method gets the same number of grid points (listed in the configuration), each point runs on every seed, and the point " +
        "with the best mean r* on validation prompts (disjoint from the held-out prompts and from every training prompt) is the one reported on the held-out prompts.";
}
