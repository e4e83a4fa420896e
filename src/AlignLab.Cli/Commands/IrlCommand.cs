using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Methods.Irl;
using AlignLab.Methods.Irl.Maze;
using AlignLab.Reports;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab irl run ...</c>: one ML-IRL run (or a baseline) on the gridworld, a user MDP file or the point-mass maze.</summary>
internal static class IrlCommand
{
    public static Command Create()
    {
        var irl = new Command("irl", "Inverse RL by maximum likelihood: single-loop vs nested ML-IRL with neural rewards (AISTATS 2025).");
        irl.Subcommands.Add(CreateRun());
        return irl;
    }

    private static Command CreateRun()
    {
        var env = new Option<string>("--env") { Description = "gridworld (8x8, slip 0.1), maze (continuous point mass) or a JSON MDP file", DefaultValueFactory = _ => "gridworld" };
        var algorithm = new Option<string>("--algorithm") { Description = "single-loop | nested | neural-q | bc (finite MDPs); single-loop | nested | gail | bc (maze)", DefaultValueFactory = _ => "single-loop" };
        var reward = new Option<string>("--reward") { Description = "tabular | linear | mlp", DefaultValueFactory = _ => "mlp" };
        var input = new Option<string>("--input") { Description = "state | state-action (what the reward sees)", DefaultValueFactory = _ => "state" };
        var width = new Option<int>("--width") { Description = "hidden width m of the two-layer reward (even)", DefaultValueFactory = _ => 256 };
        var demos = new Option<int?>("--demos") { Description = "expert trajectories (default 20; maze 1); 0 = the expert's exact occupancy (finite MDPs)" };
        var horizon = new Option<int>("--horizon") { Description = "steps per demonstration", DefaultValueFactory = _ => 40 };
        var iterations = new Option<int?>("--iterations") { Description = "most reward steps (default 20000, fewer once --tolerance is reached; maze: exactly this many, default 300)" };
        var tolerance = new Option<double>("--tolerance") { Description = "stop once the exact squared likelihood gradient norm is below this; 0 runs every iteration (finite MDPs)", DefaultValueFactory = _ => IrlRunRequest.DefaultTolerance };
        var stepSize = new Option<double?>("--step-size") { Description = "reward step size α (default: 6 tabular, 1.5 linear/mlp, 0.3 neural-q)" };
        var transfer = new Option<string?>("--transfer") { Description = "also score the learned reward after a dynamics change: wall | slip (gridworld only)" };
        var seed = new Option<int>("--seed") { Description = "seed of demonstrations, initialisation and sampling", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the final metrics as one JSON object" };
        var run = new Command("run", "Learn a reward from demonstrations and print the final metrics");
        foreach (var option in new Option[] { env, algorithm, reward, input, width, demos, horizon, iterations, tolerance, stepSize, transfer, seed, json })
            run.Options.Add(option);
        run.SetAction(parse =>
        {
            string envName = parse.GetValue(env)!;
            if (envName.Trim().Equals("maze", StringComparison.OrdinalIgnoreCase))
                return RunMaze(parse.GetValue(algorithm)!, parse.GetValue(reward)!, parse.GetValue(transfer), parse.GetValue(demos) ?? 1,
                               parse.GetValue(iterations) ?? 300, parse.GetValue(seed), parse.GetValue(json));
            var (mdp, transferMdp) = Environment(envName, parse.GetValue(transfer));
            var request = new IrlRunRequest
            {
                Mdp = mdp,
                Algorithm = ParseAlgorithm(parse.GetValue(algorithm)!),
                Reward = ParseReward(parse.GetValue(reward)!),
                Input = parse.GetValue(input)!.Trim().ToLowerInvariant() switch
                {
                    "state" => RewardInput.State,
                    "state-action" => RewardInput.StateAction,
                    var other => throw new ArgumentException($"--input must be state or state-action, got '{other}'"),
                },
                Width = parse.GetValue(width), Demos = parse.GetValue(demos) ?? 20, Horizon = parse.GetValue(horizon),
                Iterations = parse.GetValue(iterations) ?? 20_000, Tolerance = parse.GetValue(tolerance), StepSize = parse.GetValue(stepSize), Seed = parse.GetValue(seed), Transfer = transferMdp,
            };
            request.Validate(); // before the progress bar: the library names the field, CliErrors maps it to its flag
            int total = request.Iterations;
            var metrics = Progress.Run("ML-IRL reward steps", total, p => request.Run(new Fraction(f => p.Report(((int)Math.Round(f * total) - 1, 0)))));
            metrics["env"] = envName;
            return Print(metrics, parse.GetValue(json));
        });
        return run;
    }

    /// <summary>The maze has its own learners: the MLP reward only, a fixed transfer (the moved wall), no exact likelihood.</summary>
    private static int RunMaze(string algorithm, string reward, string? transfer, int demos, int iterations, int seed, bool json)
    {
        if (!reward.Trim().Equals("mlp", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--reward {reward}: the maze learns an MLP reward only (--reward mlp)");
        if (transfer is not null) throw new UsageException("--transfer: the maze always scores the moved-wall transfer; drop the option");
        MazeAlgorithm? learner = algorithm.Trim().ToLowerInvariant() switch
        {
            "single-loop" => MazeAlgorithm.SingleLoop,
            "nested" => MazeAlgorithm.Nested,
            "gail" => MazeAlgorithm.Gail,
            "bc" => null,
            var other => throw new UsageException($"--algorithm {other}: the maze runs single-loop, nested, gail or bc"),
        };
        var request = new MazeRunRequest { Algorithm = learner, Demos = demos, Iterations = iterations, Seed = seed };
        request.Validate(); // before the progress bar: a bad --demos or --iterations is a usage error, not a failed run
        var metrics = Progress.Run("maze reward steps", iterations, p => request.Run(new Fraction(f => p.Report(((int)Math.Round(f * iterations) - 1, 0)))));
        metrics["env"] = "maze";
        return Print(metrics, json);
    }

    private static int Print(Dictionary<string, object?> metrics, bool json)
    {
        if (json) Console.WriteLine(JsonSerializer.Serialize(metrics, ReportJson.Compact));
        else foreach (var (key, value) in metrics) Console.WriteLine($"{key}: {Format(value)}");
        return 0;
    }

    private static (FiniteMdp Mdp, FiniteMdp? Transfer) Environment(string name, string? transfer)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "gridworld":
                var world = GridWorld.Default;
                FiniteMdp? changed = transfer?.Trim().ToLowerInvariant() switch
                {
                    null => null,
                    "wall" => world.WithWall().Build(),
                    "slip" => (world with { Slip = 0.3 }).Build(),
                    var other => throw new ArgumentException($"--transfer must be wall or slip, got '{other}'"),
                };
                return (world.Build(), changed);
            default:
                if (transfer is not null) throw new ArgumentException("--transfer works with --env gridworld only (a file MDP has no defined dynamics change)");
                if (!File.Exists(name)) throw new FileNotFoundException($"--env: '{name}' is neither gridworld, maze nor an existing MDP file");
                return (MdpFile.Load(name), null);
        }
    }

    private static IrlAlgorithm ParseAlgorithm(string name) => name.Trim().ToLowerInvariant() switch
    {
        "single-loop" => IrlAlgorithm.SingleLoop,
        "nested" => IrlAlgorithm.Nested,
        "neural-q" => IrlAlgorithm.NeuralSoftQ,
        "bc" => IrlAlgorithm.BehaviourCloning,
        "gail" => throw new ArgumentException("--algorithm gail runs on --env maze only (a discriminator reward needs sampled states)"),
        var other => throw new ArgumentException($"--algorithm must be single-loop, nested, neural-q, bc or gail, got '{other}'"),
    };

    private static RewardKind ParseReward(string name) => name.Trim().ToLowerInvariant() switch
    {
        "tabular" => RewardKind.Tabular,
        "linear" => RewardKind.Linear,
        "mlp" => RewardKind.Mlp,
        var other => throw new ArgumentException($"--reward must be tabular, linear or mlp, got '{other}'"),
    };

    private static string Format(object? value) => value switch
    {
        null => "—",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private sealed class Fraction(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
