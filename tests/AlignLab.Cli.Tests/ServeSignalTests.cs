using System.Diagnostics;

namespace AlignLab.Cli.Tests;

/// <summary>
/// <c>alignlab serve</c> as a real process: a service manager stops it with SIGTERM; it stops accepting, says so in one
/// line and exits 0. (Ctrl+C's SIGINT takes the same handler, but is not tested here: a test run started in the
/// background, as CI runners do, inherits SIGINT as ignored, and the runtime then never sees it.)
/// </summary>
public class ServeSignalTests
{
    [Fact]
    public async Task SigtermStopsTheServerWithOneLine()
    {
        const string signal = "TERM", named = "SIGTERM";
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // POSIX signals only
        string cli = Path.Combine(AppContext.BaseDirectory, "alignlab.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "serve", "--model", AlignLab.Server.Tests.TinyModel.Directory, "--port", "0" }) start.ArgumentList.Add(a);
        using var server = Process.Start(start)!;
        try
        {
            var ready = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.StartsWith("alignlab: serving 'tiny-gpt2' at http://127.0.0.1:", ready);
            using (var kill = Process.Start("kill", ["-" + signal, server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, server.ExitCode);
            Assert.Equal($"alignlab: stopped serving 'tiny-gpt2' ({named})", (await server.StandardError.ReadToEndAsync()).Trim());
        }
        finally
        {
            if (!server.HasExited) server.Kill();
        }
    }
}
