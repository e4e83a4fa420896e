using System.Diagnostics;
using Xunit.Abstractions;

namespace AlignLab.Cli.Tests;

/// <summary>
/// <c>alignlab train</c> and <c>alignlab reproduce</c> under MPICH's launcher with two ranks on this machine: the
/// results equal the one-process run's. Without MPICH the tests say so and pass, unless <c>ALIGNLAB_REQUIRE_MPI=1</c>
/// (CI sets it when it could install the package).
/// </summary>
public class DistributedTests(ITestOutputHelper output) : TempDirectoryTest
{
    private const string Launcher = "/usr/bin/mpirun.mpich";

    [Fact]
    public async Task TwoRanksLogTheSameLossesAsOneProcess()
    {
        if (!LauncherPresent("distributed training")) return;
        string[] flags = ["train", "--steps", "6", "--batch", "4", "--accum", "2", "--size", "tiny", "--eval-every", "3", "--json"];
        string one = Path.Combine(Dir, "one"), two = Path.Combine(Dir, "two");
        var single = await Run("dotnet", [Cli, .. flags, "--out", one]);
        var ranks = await Run(Launcher, ["-np", "2", "dotnet", Cli, .. flags, "--out", two]);
        Assert.Contains("\"ranks\":1", single);
        Assert.Contains("\"ranks\":2", ranks);
        // Same global batch, same micro-batches: the step losses, norms and held-out losses match to the bit here.
        Assert.Equal(Metrics(one), Metrics(two));
        Assert.True(Directory.Exists(Path.Combine(two, "final")));
    }

    [Fact]
    public async Task TwoRanksWriteTheReportsOfOneProcess()
    {
        if (!LauncherPresent("distributed reproduce")) return;
        string[] flags = ["reproduce", "--quick", "--only", "brite/toy-posterior,mimo/nmse-vs-bits-small"];
        string one = Path.Combine(Dir, "one"), two = Path.Combine(Dir, "two");
        await Run("dotnet", [Cli, .. flags, "--out", one]);
        string summary = await Run(Launcher, ["-np", "2", "dotnet", Cli, .. flags, "--out", two]);
        Assert.Matches(@"brite/toy-posterior\s*│\s*ok\s*│\s*1/1", summary); // rank 1 ran it; rank 0's summary has it
        string[] files = [.. Directory.GetFiles(one, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(one, f)).Order()];
        Assert.Equal(files, Directory.GetFiles(two, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(two, f)).Order());
        var compared = files.Where(f => f.EndsWith(".svg") || f.EndsWith("config.json") || f.EndsWith("metrics.json")).ToList();
        Assert.True(compared.Count >= 6, string.Join(", ", files)); // both reports' configuration, metrics and figures
        foreach (string file in compared)
            Assert.True(WithoutTimings(File.ReadAllText(Path.Combine(one, file))) == WithoutTimings(File.ReadAllText(Path.Combine(two, file))), $"{file} differs");
    }

    [Fact]
    public void DistributedWithoutMpiIsAClearError()
    {
        // Point the loader at a library that does not exist, as on a machine without MPICH.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["ALIGNLAB_MPI_LIBRARY"] = "/nonexistent/libmpich.so.12";
        foreach (var a in new[] { Cli, "train", "--steps", "1", "--distributed", "--out", Path.Combine(Dir, "x") }) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(2, p.ExitCode);
        Assert.Equal("alignlab: --distributed: no MPI library found; install MPICH (Debian/Ubuntu: apt-get install mpich; macOS: brew install mpich) " +
                     "and launch with its mpirun (Debian: mpirun.mpich); see 'alignlab train --help'", error.Trim());
        Assert.False(Directory.Exists(Path.Combine(Dir, "x")));
    }

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "alignlab.dll");

    private bool LauncherPresent(string what)
    {
        if (File.Exists(Launcher)) return true;
        Assert.True(Environment.GetEnvironmentVariable("ALIGNLAB_REQUIRE_MPI") != "1", $"ALIGNLAB_REQUIRE_MPI=1 but {Launcher} is missing (apt-get install mpich)");
        output.WriteLine($"No {Launcher} (apt-get install mpich): {what} was not run.");
        return false;
    }

    /// <summary>Wall-clock fields are the one thing two runs may differ in.</summary>
    private static string WithoutTimings(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"seconds[a-z_]*\": [0-9.eE+-]+", "");

    /// <summary>metrics.jsonl without the timing field, which is the one thing allowed to differ.</summary>
    private static string[] Metrics(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"tokens_per_s\":[0-9.]+,?", "")).ToArray();

    private async Task<string> Run(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Dir };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        output.WriteLine(await stderr);
        Assert.True(p.ExitCode == 0, $"{file} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }
}
