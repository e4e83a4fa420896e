using System.CommandLine;
using AlignLab.Methods;
using AlignLab.Reports.Experiments;
using Spectre.Console;

namespace AlignLab.Cli.Commands;

/// <summary><c>alignlab reproduce</c>: runs the catalog's experiments, writes their reports and the index page.</summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Quick size: each experiment in under a minute (the default)" };
        var full = new Option<bool>("--full") { Description = "Full size: the figures of record (minutes each)" };
        var only = new Option<string?>("--only") { Description = "Comma-separated id globs or prefixes, e.g. 'mimo' or '*/nmse-*'" };
        var list = new Option<bool>("--list") { Description = "List the experiments (id and title) and exit" };
        var output = new Option<string>("--out") { Description = "Reports folder", DefaultValueFactory = _ => "reports" };
        var seed = new Option<int>("--seed") { Description = "Seed every experiment derives its randomness from", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads per experiment (results do not depend on it)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var distributed = new Option<bool>("--distributed")
        {
            Description = "Spread the experiments over the ranks of an MPI launch (implied under MPICH's mpirun with several ranks)",
        };
        var command = new Command("reproduce", "Run the paper reproductions and write reports/<id>/ and reports/index.html");
        foreach (var option in new Option[] { quick, full, only, list, output, seed, threads, distributed }) command.Options.Add(option);

        command.SetAction(parse =>
        {
            if (parse.GetValue(quick) && parse.GetValue(full))
                throw new UsageException("--quick and --full exclude each other");
            var catalog = ExperimentCatalog.All();
            string? patterns = parse.GetValue(only);
            var selected = ExperimentFilter.Select(catalog, patterns);
            if (catalog.Count > 0 && selected.Count == 0)
                throw new UsageException($"--only '{patterns}' matches none of the {catalog.Count} experiments (see --list)");
            if (parse.GetValue(list)) return List(selected);
            var size = parse.GetValue(full) ? ExperimentSize.Full : ExperimentSize.Quick;
            bool threadsGiven = parse.GetResult(threads) is { Implicit: false };
            using var launch = DistributedLaunch.Join(parse.GetValue(distributed), threadsGiven);
            var group = launch.Group;
            // Ranks sharing a machine split its cores (the launch set the engine's share) unless --threads says otherwise.
            int perRank = threadsGiven || group.Size == 1 ? parse.GetValue(threads) : AlignLab.Core.Kernels.EngineSettings.Threads;
            var ranks = group.Size > 1 ? new RankShare(group.Rank, group.Size, payload => group.GatherToRoot(payload)) : null;
            return launch.Run(() => Run(selected, parse.GetValue(output)!, size, parse.GetValue(seed), perRank, ranks));
        });
        return command;
    }

    private static int List(IReadOnlyList<IExperiment> experiments)
    {
        if (experiments.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]No experiments registered.[/]");
            return 0;
        }
        if (!Terminal.Interactive)
        {
            // One experiment per line, id first: readable in a log and easy to cut in a script.
            foreach (var e in experiments) Console.WriteLine($"{e.Id}\t{e.Title}");
            return 0;
        }
        var table = new Table().Border(TableBorder.Simple).AddColumn("Id").AddColumn("Title").AddColumn("Paper");
        foreach (var e in experiments) table.AddRow(Markup.Escape(e.Id), Markup.Escape(e.Title), Markup.Escape(e.Paper));
        AnsiConsole.Write(table);
        return 0;
    }

    private static int Run(IReadOnlyList<IExperiment> experiments, string reportsRoot, ExperimentSize size, int seed, int threads, RankShare? ranks)
    {
        if (ranks is { IsRoot: false })
        {
            // The other ranks compute silently; rank 0 shows every experiment's progress and the summary.
            var own = CtrlC.Run(cancel => new ExperimentRunner(reportsRoot, size, seed, threads) { Ranks = ranks }.Run(experiments, cancel));
            return own.Any(o => o.Status == ExperimentStatus.Canceled) ? 130 : 0;
        }
        return CtrlC.Run(cancel => Summarize(RunWithProgress(experiments, reportsRoot, size, seed, threads, ranks, cancel), reportsRoot));
    }

    private static IReadOnlyList<ExperimentOutcome> RunWithProgress(IReadOnlyList<IExperiment> experiments, string reportsRoot,
        ExperimentSize size, int seed, int threads, RankShare? ranks, CancellationToken cancel)
    {
        if (!Terminal.Interactive) return RunWithLines(experiments, reportsRoot, size, seed, threads, ranks, cancel);
        // Built before the display starts, so bad settings fail as one plain line rather than inside a live display.
        var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
        var runner = new ExperimentRunner(reportsRoot, size, seed, threads)
        {
            Ranks = ranks,
            ProgressFor = e =>
            {
                tasks[e.Id].StartTask();
                return new TaskProgress(tasks[e.Id], e.Id);
            },
            Finished = o => Finish(tasks[o.Experiment.Id], o),
        };
        IReadOnlyList<ExperimentOutcome> outcomes = [];
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                foreach (var e in experiments) tasks[e.Id] = ctx.AddTask(Markup.Escape(e.Id), autoStart: false, maxValue: 1);
                outcomes = runner.Run(experiments, cancel);
            });
        return outcomes;
    }

    /// <summary>For logs: a line when each experiment starts and ends, and its progress at most every ten seconds.</summary>
    private static IReadOnlyList<ExperimentOutcome> RunWithLines(IReadOnlyList<IExperiment> experiments, string reportsRoot,
        ExperimentSize size, int seed, int threads, RankShare? ranks, CancellationToken cancel)
    {
        var lines = ProgressLines.EveryTenSeconds();
        int started = 0, mine = ranks?.Select(experiments).Count ?? experiments.Count;
        var runner = new ExperimentRunner(reportsRoot, size, seed, threads)
        {
            Ranks = ranks,
            ProgressFor = e =>
            {
                string position = $"[{++started}/{mine}] {e.Id}";
                lines.Write($"{position}: started", force: true);
                return new LineProgress(lines, position);
            },
            Finished = o => lines.Write(o.Status switch
            {
                ExperimentStatus.Succeeded => Invariant($"{o.Experiment.Id}: done in {o.Seconds:F1} s, {o.ClaimsHeld}/{o.ClaimsChecked} claims held"),
                ExperimentStatus.Failed => $"{o.Experiment.Id}: failed: {o.Error}",
                _ => $"{o.Experiment.Id}: canceled",
            }, force: true),
        };
        return runner.Run(experiments, cancel);
    }

    private static string Invariant(FormattableString s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class LineProgress(ProgressLines lines, string position) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) =>
            lines.Write(Invariant($"{position}: {value.Stage}{(value.Detail is null ? "" : ": " + value.Detail)} {100 * value.Fraction:F0} %"));
    }

    private static void Finish(ProgressTask task, ExperimentOutcome outcome)
    {
        string id = Markup.Escape(outcome.Experiment.Id);
        task.Description = outcome.Status switch
        {
            ExperimentStatus.Succeeded => $"{id} [green]done[/]",
            ExperimentStatus.Failed => $"{id} [red]failed[/]",
            _ => $"{id} [yellow]canceled[/]",
        };
        if (outcome.Status == ExperimentStatus.Succeeded) task.Value = task.MaxValue;
        task.StopTask();
    }

    private static int Summarize(IReadOnlyList<ExperimentOutcome> outcomes, string reportsRoot)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Experiment").AddColumn("Status").AddColumn("Claims held").AddColumn(new TableColumn("Seconds").RightAligned());
        bool failed = false, canceled = false;
        foreach (var o in outcomes)
        {
            failed |= o.Status == ExperimentStatus.Failed;
            canceled |= o.Status == ExperimentStatus.Canceled;
            string claims = o.Status == ExperimentStatus.Succeeded ? $"{o.ClaimsHeld}/{o.ClaimsChecked}" : "";
            string status = o.Status switch
            {
                ExperimentStatus.Succeeded => "[green]ok[/]",
                ExperimentStatus.Failed => "[red]failed[/]",
                _ => "[yellow]canceled[/]",
            };
            table.AddRow(Markup.Escape(o.Experiment.Id), status, claims, o.Seconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (outcomes.Count == 0) AnsiConsole.MarkupLine("[grey]No experiments registered; the index says so.[/]");
        else AnsiConsole.Write(table);
        foreach (var o in outcomes)
            if (o.Status == ExperimentStatus.Failed)
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(o.Experiment.Id)}[/]: {Markup.Escape(o.Error ?? "")}");
        string index = Markup.Escape(Path.GetFullPath(Path.Combine(reportsRoot, "index.html")));
        AnsiConsole.MarkupLine(Terminal.Interactive ? $"Index: [link]{index}[/]" : $"Index: {index}");
        if (canceled) AnsiConsole.MarkupLine("[yellow]Interrupted: experiments that did not finish wrote no report.[/]");
        return canceled ? 130 : failed ? 1 : 0;
    }

    /// <summary>Feeds an experiment's progress straight into its bar (Spectre tasks are thread-safe), without a sync context.</summary>
    private sealed class TaskProgress(ProgressTask task, string id) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            if (double.IsFinite(value.Fraction)) task.Value = Math.Clamp(value.Fraction, 0, 1);
            string detail = value.Detail is null ? value.Stage : $"{value.Stage}: {value.Detail}";
            task.Description = $"{Markup.Escape(id)} [grey]{Markup.Escape(detail)}[/]";
        }
    }
}
