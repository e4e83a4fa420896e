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
    /// <summary>The most reward steps; the run stops earlier once ‖∇L‖² &lt; <see cref="Tolerance"/>.</summary>
    public int Iterations { get; init; } = 20_000;
    public double? StepSize { get; init; }
    /// <summary>Stationarity tolerance on the exact ‖∇_θ L‖² (0: run all iterations).</summary>
    public double Tolerance { get; init; } = DefaultTolerance;
    /// <summary>Tested every this many reward steps.</summary>
    public int CheckEvery { get; init; } = 10;

    /// <summary>
    /// Our stationarity tolerance, ‖∇L‖² &lt; 1e-8: at that point the likelihood is within ~1e-5 of its optimum on the
    /// gridworld's demonstrations (gradient entries are state visit weights of order 1/S).
    /// </summary>
    public const double DefaultTolerance = 1e-8;
    public int Seed { get; init; } = 1;
    /// <summary>The dynamics used for the transfer score (null: none).</summary>
    public FiniteMdp? Transfer { get; init; }

    /// <summary>Reward step sizes that are stable for the single loop on the gridworld (the fastest of the step-size grid in the single-vs-nested report).</summary>
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
        _ => throw new ArgumentException($"Algorithm {Algorithm} has no ML-IRL policy learner", nameof(Algorithm)),
    };

    public Demonstrations CreateDemonstrations(Generator random)
    {
        var expert = SoftOptimalExpert.LogPolicy(Mdp);
        return Demos == 0 ? Demonstrations.Exact(Mdp, expert) : Demonstrations.Sample(Mdp, expert, Demos, Horizon, random);
    }

    /// <summary>Checks every field a run uses; an <see cref="ArgumentException"/> names the field as its ParamName.</summary>
    public void Validate()
    {
        if (Demos < 0) throw new ArgumentException($"Demos must be 0 (exact occupancy) or positive, got {Demos}", nameof(Demos));
        if (Demos > 0 && Horizon < 1) throw new ArgumentException($"Horizon must be at least 1, got {Horizon}", nameof(Horizon));
        if (Iterations < 1) throw new ArgumentException($"Iterations must be at least 1, got {Iterations}", nameof(Iterations));
        if (CheckEvery < 1) throw new ArgumentException($"CheckEvery must be at least 1, got {CheckEvery}", nameof(CheckEvery));
        if (!(Tolerance >= 0)) throw new ArgumentException($"Tolerance must be 0 (run every iteration) or positive, got {Tolerance}", nameof(Tolerance));
        if (StepSize is double step && !(step > 0 && double.IsFinite(step))) throw new ArgumentException($"StepSize must be positive and finite, got {step}", nameof(StepSize));
        if (Reward == RewardKind.Mlp && (Width < 2 || Width % 2 != 0))
            throw new ArgumentException($"Width must be even and at least 2 (the two-layer reward's symmetric initialisation pairs its units), got {Width}", nameof(Width));
    }

    /// <summary>Runs and returns the final metrics (snake_case keys; the CLI prints them as JSON).</summary>
    public Dictionary<string, object?> Run(IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        Validate();
        var root = new Generator((ulong)Seed);
        var demos = CreateDemonstrations(root.Fork(1));
        var metrics = new Dictionary<string, object?>
        {
            ["algorithm"] = Algorithm switch { IrlAlgorithm.SingleLoop => "single-loop", IrlAlgorithm.Nested => "nested", IrlAlgorithm.NeuralSoftQ => "neural-q", _ => "bc" },
            ["states"] = Mdp.StateCount, ["actions"] = Mdp.ActionCount, ["gamma"] = Mdp.Gamma,
            ["demos"] = Demos, ["horizon"] = Demos == 0 ? null : Horizon, ["seed"] = Seed,
        };
        var bounds = demos.Bounds;
        double best = bounds.Conditional;
        var evaluation = new IrlEvaluation(Mdp);
        if (Algorithm == IrlAlgorithm.BehaviourCloning)
        {
            var bc = BehaviourCloning.LogPolicy(demos);
            double likelihood = DemonstrationLikelihood.LogLikelihood(demos, bc);
            metrics["reward"] = null;
            metrics["normalized_return"] = evaluation.NormalizedReturn(bc);
            metrics["likelihood"] = likelihood;
            metrics["best_likelihood"] = best;
            metrics["likelihood_gap"] = best - likelihood;
            metrics["best_likelihood_opt"] = bounds.Optimum;
            metrics["likelihood_gap_opt"] = bounds.Optimum - likelihood; // negative: BC is no soft-optimal policy of a state-only reward
            metrics["likelihood_true_reward"] = bounds.TrueReward;
            metrics["reward_correlation"] = null; // BC learns no reward
            metrics["reward_scale"] = null;
            metrics["converged"] = null;
            metrics["backups"] = 0L;
            metrics["critic_updates"] = 0L;
            metrics["environment_steps"] = 0L;
            if (Transfer is not null) metrics["transfer_normalized_return"] = new IrlEvaluation(Transfer).NormalizedReturn(bc);
            return metrics;
        }
        var model = CreateModel(root.Fork(2));
        var settings = new MlIrlSettings
        {
            Iterations = Iterations, StepSize = StepSize ?? DefaultStepSize(Reward, Algorithm), Tolerance = Tolerance,
            RecordEvery = Tolerance > 0 ? CheckEvery : Iterations,
        };
        var result = MlIrl.Run(demos, model, CreateLearner(root.Fork(3)), settings, progress, cancel);
        double likelihoodAt = result.Final.Likelihood;
        metrics["reward"] = model.Name;
        metrics["iterations"] = result.Final.Iteration;
        metrics["max_iterations"] = Iterations;
        metrics["tolerance"] = Tolerance;
        metrics["converged"] = result.Converged;
        metrics["step_size"] = settings.StepSize;
        metrics["normalized_return"] = result.Final.NormalizedReturn;
        metrics["likelihood"] = likelihoodAt;
        metrics["best_likelihood"] = best;
        metrics["likelihood_gap"] = best - likelihoodAt;
        metrics["best_likelihood_opt"] = bounds.Optimum;
        metrics["likelihood_gap_opt"] = bounds.Optimum - likelihoodAt;
        metrics["likelihood_true_reward"] = bounds.TrueReward;
        metrics["likelihood_gap_true_reward"] = bounds.TrueReward - likelihoodAt;
        metrics["gradient_norm_squared"] = result.Final.GradientNormSquared;
        metrics["tracking_error"] = result.Final.TrackingError;
        metrics["expert_kl"] = result.Final.ExpertKl;
        metrics["reward_correlation"] = result.RewardCorrelation;
        metrics["reward_scale"] = result.RewardScale;
        if (!double.IsNaN(result.WeightChange)) metrics["relative_weight_change"] = result.WeightChange;
        metrics["backups"] = result.Cost.BellmanBackups;
        metrics["critic_updates"] = result.Cost.CriticUpdates;
        metrics["environment_steps"] = result.Cost.EnvironmentSteps;
        metrics["occupancy_solves"] = result.Cost.OccupancySolves;
        if (Transfer is not null) metrics["transfer_normalized_return"] = new IrlEvaluation(Transfer).NormalizedReturnOfReward(result.RewardTable);
        metrics["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 2);
        return metrics;
    }
}
