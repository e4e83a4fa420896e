using System.Globalization;
using AlignLab.Core;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Irl.Experiments;

/// <summary>What the IRL reports share: the paper, the gridworld setup, number formats, seeds and progress.</summary>
internal static class IrlReporting
{
    public const string Paper =
        "Understanding Inverse Reinforcement Learning under Overparameterization: Non-Asymptotic Analysis and Global Optimality (Zhang, Zeng, Li, Garcia, Hong; AISTATS 2025, arXiv 2503.17865)";

    public const string PrecisionNote =
        "The MDP tools, the rewards and the reward steps run in float64: the likelihood gaps and squared gradient norms the " +
        "claims compare go down to 1e-8–1e-10, below float32's resolution of the likelihood (~1e-7 relative). The neural " +
        "soft-Q critic runs on the float32 engine (Linear, Adam, autograd), where TD noise dwarfs rounding.";

    public const string GridNote =
        "Gridworld (brief §5.2 A1): 8×8, actions up/down/left/right/stay, slip 0.1 to a uniformly random move, γ = 0.9, starts " +
        "uniform on the bottom-left 2×2 cells. True reward r*(s) = 3·(goal bump σ = 1.5 at the top right + 0.5·bump at the " +
        "bottom right − 1 on a 2×2 lava patch in the middle), nonlinear in the coordinates. Expert: the exact soft-optimal " +
        "(temperature 1) policy of r*. Reward inputs: (x, y, 1) scaled to [−1, 1]² and normalised to unit length.";

    public const string CostNote =
        "Cost meter: one Bellman backup = one soft Bellman sweep over all (s, a). The agent occupancy for the reward gradient " +
        "is an exact S×S linear solve in every algorithm (the tabular stand-in for the agent's rollouts; one per reward step " +
        "for every method, so it is counted separately as an occupancy solve, not as backups). Diagnostics (exact likelihood, " +
        "‖∇L‖², tracking error) use their own solves and are never charged.";

    public static FiniteMdp Grid() => GridWorld.Default.Build();

    /// <summary>Independent streams per purpose, all derived from the context seed.</summary>
    public static Generator Stream(ExperimentContext context, ulong purpose) => new Generator((ulong)context.Seed).Fork(purpose);

    /// <summary>Reports progress of part <paramref name="index"/> of <paramref name="parts"/> as a fraction of the whole run.</summary>
    public static IProgress<double>? Part(ExperimentContext context, string stage, int index, int parts) =>
        context.Progress is { } sink ? new Relay(f => sink.Report(new ExperimentProgress(stage, (index + f) / parts))) : null;

    public static string G(double value)
    {
        if (double.IsNaN(value)) return "n/a";
        if (value == 0) return "0";
        double a = Math.Abs(value);
        return a >= 1e-3 && a < 1e4 ? value.ToString("G3", CultureInfo.InvariantCulture) : value.ToString("0.##e+0", CultureInfo.InvariantCulture);
    }

    public static string F(double value, string format = "F3") => double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);
    public static string Percent(double fraction) => double.IsNaN(fraction) ? "n/a" : (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + " %";
    /// <summary>"mean ± sd" (sample sd) of seed results, "—" when any is NaN (a learner without that metric).</summary>
    public static string MeanSd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0 || v.Any(double.IsNaN)) return "—";
        double mean = v.Average(), sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return $"{F(mean)} ± {F(sd)}";
    }

    public static string Int(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Least-squares slope of log y on log x (the convergence-rate exponent).</summary>
    public static double LogLogSlope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = 0, my = 0;
        int n = x.Count;
        for (int i = 0; i < n; i++) { mx += Math.Log(x[i]); my += Math.Log(y[i]); }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = Math.Log(x[i]) - mx;
            sxy += dx * (Math.Log(y[i]) - my);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    /// <summary>Reports synchronously on the worker's thread (Progress&lt;T&gt; would post after the run ended).</summary>
    private sealed class Relay(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
