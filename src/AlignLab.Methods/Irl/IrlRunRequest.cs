using AlignLab.Core;

namespace AlignLab.Methods.Irl;

/// <summary>Which ML-IRL lower level (or baseline) a run uses.</summary>
public enum IrlAlgorithm { SingleLoop, Nested, NeuralSoftQ, BehaviourCloning }

/// <summary>Which reward model a run learns.</summary>
public enum RewardKind { Tabular, Linear, Mlp }

/// <summary>
/// One IRL run on a finite MDP from the library or the command line (<c>alignlab irl run</c>): builds the expert and
/// the demonstrations, learns, and scores. Null step size picks the per-model default the experiments use.
/// </summary>
public sealed record IrlRunRequest
{
    public required FiniteMdp Mdp { get; init; }
    public IrlAlgorithm Algorithm { get; init; } = IrlAlgorithm.SingleLoop;
    public RewardKind Reward { get; init; } = RewardKind.Mlp;
    public RewardInput Input { get; init; } = RewardInput.State;
    public int Width { get; init; } = 256;
    /// <summary>Demonstration trajectories; 0 means the expert's exact occupancy (infinite data).</summary>
    public int Demos { get; init; } = 20;
    public int Horizon { get; init; } = 40;
    public int Iterations { get; init; } = 5000;
    public double? StepSize { get; init; }
    public int Seed { get; init; } = 1;
    /// <summary>The dynamics used for the transfer score (null: none).</summary>
    public FiniteMdp? Transfer { get; init; }

    /// <summary>Reward step sizes that are stable for the single loop on the gridworld (calibrated there; see the reports).</summary>
    public static double DefaultStepSize(RewardKind reward, IrlAlgorithm algorithm) =>
        algorithm == IrlAlgorithm.NeuralSoftQ ? 0.3 : reward == RewardKind.Tabular ? 6 : 1.5;

    public IRewardModel CreateModel(Generator random) => Reward switch
    {
        RewardKind.Tabular => new TabularReward(Mdp, Input),
        RewardKind.Linear => new LinearReward(Mdp, Input),
        _ => new TwoLayerReluReward(Mdp, Width, random, Input),
    };

    public IPolicyLearner CreateLearner(Generator random) => Algorithm switch
    {
        IrlAlgorithm.SingleLoop => new SingleBackup(Mdp),
        IrlAlgorithm.Nested => new NestedSoftValueIteration(Mdp),
        IrlAlgorithm.NeuralSoftQ => new NeuralSoftQLearner(Mdp, new NeuralSoftQSettings(), random),
        _ => throw new ArgumentException($"algorithm {Algorithm} has no ML-IRL policy learner"),
    };

    public Demonstrations CreateDemonstrations(Generator random)
    {
        var expert = SoftOptimalExpert.LogPolicy(Mdp);
        return Demos == 0 ? Demonstrations.Exact(Mdp, expert) : Demonstrations.Sample(Mdp, expert, Demos, Horizon, random);
    }

    /// <summary>Runs and returns the final metrics (snake_case keys; the CLI prints them as JSON).</summary>
    public Dictionary<string, object?> Run(IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        if (Demos < 0) throw new ArgumentException($"demos: {Demos} must be 0 (exact occupancy) or positive");
        var root = new Generator((ulong)Seed);
        var demos = CreateDemonstrations(root.Fork(1));
        var metrics = new Dictionary<string, object?>
        {
            ["algorithm"] = Algorithm switch { IrlAlgorithm.SingleLoop => "single-loop", IrlAlgorithm.Nested => "nested", IrlAlgorithm.NeuralSoftQ => "neural-q", _ => "bc" },
            ["states"] = Mdp.StateCount, ["actions"] = Mdp.ActionCount, ["gamma"] = Mdp.Gamma,
            ["demos"] = Demos, ["horizon"] = Demos == 0 ? null : Horizon, ["seed"] = Seed,
        };
        double best = DemonstrationLikelihood.BestAchievable(demos);
        var evaluation = new IrlEvaluation(Mdp);
        if (Algorithm == IrlAlgorithm.BehaviourCloning)
        {
            var bc = BehaviourCloning.LogPolicy(demos);
            double likelihood = DemonstrationLikelihood.LogLikelihood(demos, bc);
            metrics["reward"] = null;
            metrics["normalized_return"] = evaluation.NormalizedReturn(bc);
            metrics["likelihood"] = likelihood;
            metrics["likelihood_gap"] = best - likelihood;
            metrics["reward_correlation"] = null; // BC learns no reward
            metrics["backups"] = 0L;
            metrics["critic_updates"] = 0L;
            metrics["environment_steps"] = 0L;
            if (Transfer is not null) metrics["transfer_normalized_return"] = new IrlEvaluation(Transfer).NormalizedReturn(bc);
            return metrics;
        }
        var model = CreateModel(root.Fork(2));
        var settings = new MlIrlSettings { Iterations = Iterations, StepSize = StepSize ?? DefaultStepSize(Reward, Algorithm), RecordEvery = Iterations };
        var result = MlIrl.Run(demos, model, CreateLearner(root.Fork(3)), settings, progress, cancel);
        metrics["reward"] = model.Name;
        metrics["iterations"] = Iterations;
        metrics["step_size"] = settings.StepSize;
        metrics["normalized_return"] = result.Final.NormalizedReturn;
        metrics["likelihood"] = result.Final.Likelihood;
        metrics["best_likelihood"] = best;
        metrics["likelihood_gap"] = result.Final.Gap;
        metrics["gradient_norm_squared"] = result.Final.GradientNormSquared;
        metrics["tracking_error"] = result.Final.TrackingError;
        metrics["reward_correlation"] = result.RewardCorrelation;
        metrics["backups"] = result.Cost.BellmanBackups;
        metrics["critic_updates"] = result.Cost.CriticUpdates;
        metrics["environment_steps"] = result.Cost.EnvironmentSteps;
        metrics["occupancy_solves"] = result.Cost.OccupancySolves;
        if (Transfer is not null) metrics["transfer_normalized_return"] = new IrlEvaluation(Transfer).NormalizedReturnOfReward(result.RewardTable);
        metrics["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 2);
        return metrics;
    }
}
