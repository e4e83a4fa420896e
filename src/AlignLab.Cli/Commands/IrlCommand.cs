using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlignLab.Methods.Irl;
using AlignLab.Reports;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab irl run ...</c>: one ML-IRL run (or the BC baseline) on the gridworld or a user MDP file.</summary>
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
        var env = new Option<string>("--env") { Description = "gridworld (the brief's 8x8 world), maze (not implemented yet) or a JSON MDP file", DefaultValueFactory = _ => "gridworld" };
        var algorithm = new Option<string>("--algorithm") { Description = "single-loop | nested | neural-q | bc | gail (not implemented yet)", DefaultValueFactory = _ => "single-loop" };
        var reward = new Option<string>("--reward") { Description = "tabular | linear | mlp", DefaultValueFactory = _ => "mlp" };
        var input = new Option<string>("--input") { Description = "state | state-action (what the reward sees)", DefaultValueFactory = _ => "state" };
        var width = new Option<int>("--width") { Description = "hidden width m of the two-layer reward (even)", DefaultValueFactory = _ => 256 };
        var demos = new Option<int>("--demos") { Description = "expert trajectories; 0 = the expert's exact occupancy", DefaultValueFactory = _ => 20 };
        var horizon = new Option<int>("--horizon") { Description = "steps per demonstration", DefaultValueFactory = _ => 40 };
        var iterations = new Option<int>("--iterations") { Description = "reward steps K", DefaultValueFactory = _ => 5000 };
        var stepSize = new Option<double?>("--step-size") { Description = "reward step size α (default: 6 tabular, 1.5 linear/mlp, 0.3 neural-q)" };
        var transfer = new Option<string?>("--transfer") { Description = "also score the learned reward after a dynamics change: wall | slip (gridworld only)" };
        var seed = new Option<int>("--seed") { Description = "seed of demonstrations, initialisation and sampling", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the final metrics as one JSON object" };
        var run = new Command("run", "Learn a reward from demonstrations and print the final metrics");
        foreach (var option in new Option[] { env, algorithm, reward, input, width, demos, horizon, iterations, stepSize, transfer, seed, json })
            run.Options.Add(option);
        run.SetAction(parse =>
        {
            string envName = parse.GetValue(env)!;
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
                Width = parse.GetValue(width), Demos = parse.GetValue(demos), Horizon = parse.GetValue(horizon),
                Iterations = parse.GetValue(iterations), StepSize = parse.GetValue(stepSize), Seed = parse.GetValue(seed), Transfer = transferMdp,
            };
            int total = request.Iterations;
            var metrics = Progress.Run("ML-IRL reward steps", total, p => request.Run(new Fraction(f => p.Report(((int)Math.Round(f * total) - 1, 0)))));
            metrics["env"] = envName;
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(metrics, ReportJson.Compact));
            else foreach (var (key, value) in metrics) Console.WriteLine($"{key}: {Format(value)}");
            return 0;
        });
        return run;
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
            case "maze":
                throw new NotSupportedException("--env maze: the continuous point-mass maze is not implemented yet (issue 5 stays open for it)");
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
        "gail" => throw new NotSupportedException("--algorithm gail: the GAIL baseline (continuous maze) is not implemented yet"),
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
