using System.CommandLine;
using System.Text.Json;
using AlignLab.Methods.Dynamics;
using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Cli.Commands;

/// <summary>
/// <c>alignlab dynamics run</c>: one Transformer-dynamics experiment, picked by id or name, with its preset narrowed by
/// flags; it goes through the same experiment (and report) as <c>reproduce</c>.
/// </summary>
internal static class DynamicsCommand
{
    public static Command Create()
    {
        var names = string.Join(", ", DynamicsExperiments.All().Select(e => e.Id[(e.Id.IndexOf('/') + 1)..]));
        var experiment = new Option<string>("--experiment") { Description = $"Which experiment: {names} (or just b1 … b4, or the name after it)", Required = true };
        var kernel = new Option<string?>("--kernel") { Description = "softmax or gaussian (default: both)" };
        var dim = new Option<int?>("--dim", "--dims") { Description = "Embedding dimension D (default: the experiment's grid)" };
        var seeds = new Option<int?>("--seeds") { Description = "Number of seeds (default: the experiment's)" };
        var firstSeed = new Option<int>("--first-seed") { Description = "First trial seed", DefaultValueFactory = _ => 1000 };
        var iterations = new Option<int?>("--iterations") { Description = "GD iterations (landscape: of stage 2)" };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (classification)" };
        var quick = new Option<bool>("--quick") { Description = "Start from the quick size instead of the full one" };
        var threads = new Option<int>("--threads") { Description = "Worker threads (results do not depend on it)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object" };

        var run = new Command("run", "Run one experiment and print its claims and tables (or its metrics as JSON)");
        foreach (var option in new Option[] { experiment, kernel, dim, seeds, firstSeed, iterations, epochs, quick, threads, json })
            run.Options.Add(option);
        run.SetAction(parse =>
        {
            string? kernelName = parse.GetValue(kernel);
            var request = new DynamicsRunRequest
            {
                Experiment = parse.GetValue(experiment)!,
                Size = parse.GetValue(quick) ? ExperimentSize.Quick : ExperimentSize.Full,
                Kernel = kernelName is null ? null : AttentionKernelNames.Parse(kernelName),
                Dim = parse.GetValue(dim), Seeds = parse.GetValue(seeds), FirstSeed = parse.GetValue(firstSeed),
                Iterations = parse.GetValue(iterations), Epochs = parse.GetValue(epochs), Threads = parse.GetValue(threads),
            };
            var report = CtrlC.Run(cancel => Progress.Run(request.Experiment, 100,
                p => request.Run(new Fraction(f => p.Report(((int)Math.Round(100 * f) - 1, 0))), cancel)));
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report.Metrics, ReportJson.Compact));
            else PrintClaims(report);
            return 0;
        });

        var command = new Command("dynamics", "Gradient-descent dynamics of one attention layer: softmax vs Gaussian kernel (NeurIPS 2024)");
        command.Subcommands.Add(run);
        return command;
    }

    private static void PrintClaims(Report report)
    {
        Console.WriteLine(report.Title);
        foreach (var claim in report.Claims)
            Console.WriteLine($"[{(claim.Held ? "held" : "not held")}] {claim.Statement}\n    ours: {claim.Ours}\n    paper: {claim.Paper}");
        foreach (var table in report.Tables)
        {
            Console.WriteLine();
            Console.WriteLine(table.Caption);
            Console.WriteLine(string.Join(" | ", table.Columns));
            foreach (var row in table.Rows) Console.WriteLine(string.Join(" | ", row));
        }
    }

    private sealed class Fraction(Action<double> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value.Fraction);
    }
}
