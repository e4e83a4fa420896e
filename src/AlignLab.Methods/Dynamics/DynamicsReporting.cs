using System.Globalization;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Dynamics;

/// <summary>What the four Dynamics experiments' reports share: the paper, number formats, progress, seeds.</summary>
internal static class DynamicsReporting
{
    public const string Paper =
        "Unraveling the Gradient Descent Dynamics of Transformers (Song, Han, Zhang, Ding, Hong; NeurIPS 2024; arXiv 2411.07538)";

    /// <summary>
    /// Why these experiments run on their own float64 path and not on the float32 engine; every report says it.
    /// </summary>
    public const string PrecisionNote =
        "All runs use the Dynamics module's exact float64 attention layer (hand-derived backward, pinned by central " +
        "finite differences for both kernels and by agreement with the engine's float32 attention op), not the " +
        "float32 engine: the criteria here need losses down to ~1e-10 of their start, linear rates of 1 − 1e-5 per " +
        "step, σ_min of matrices whose condition numbers exceed 1e7, and gradient ratios of 1e-6 to tell a " +
        "stationary point from a plateau — all below float32's 1e-7 resolution.";

    /// <summary>Trial seeds FirstSeed … of a context: context seed 1 gives 1000, 1001, … .</summary>
    public static int FirstSeed(ExperimentContext context) => 1000 * context.Seed;

    public static string SeedList(int first, int count) =>
        count == 1 ? $"{first} (1 seed)" : $"{first}–{first + count - 1} ({count} seeds)";

    public static IProgress<double>? Progress(ExperimentContext context, string stage) =>
        context.Progress is { } sink ? new Relay(f => sink.Report(new ExperimentProgress(stage, f))) : null;

    /// <summary>3 significant digits, scientific outside [1e-3, 1e3).</summary>
    public static string G(double value)
    {
        if (double.IsNaN(value)) return "n/a";
        if (value == 0) return "0";
        double a = Math.Abs(value);
        return a >= 1e-3 && a < 1e3
            ? value.ToString("G3", CultureInfo.InvariantCulture)
            : value.ToString("0.##e+0", CultureInfo.InvariantCulture);
    }

    public static string Percent(double fraction) => (100 * fraction).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Dims(IReadOnlyList<int> dims) => string.Join(", ", dims);

    public static List<string> KernelNames(IReadOnlyList<AlignLab.Core.AttentionKernel> kernels) => kernels.Select(k => k.Name()).ToList();

    public static int[] SeedArray(int first, int count) => Enumerable.Range(first, count).ToArray();

    /// <summary>Reports synchronously on the worker's thread (Progress&lt;T&gt; would post after the run ended).</summary>
    private sealed class Relay(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
