using System.Diagnostics;

namespace AlignLab.Core.Autograd;

/// <summary>
/// Wall-clock time per op while enabled, for finding where a training step goes (<c>alignlab bench train --profile</c>).
/// A forward op is charged the time since the previous recorded op ended (ops record their output last, so this is
/// the op's own work plus the model code between ops); a backward op is charged its backward function and the
/// summing of its input gradients. Costs one timestamp per op when on and a branch when off.
/// </summary>
public static class OpProfiler
{
    private static readonly Dictionary<(string Phase, string Op), (double Ms, int Calls)> Totals = new();
    private static long _last;

    private static int _backwardDepth;

    public static bool IsEnabled { get; private set; }

    public static void Start() { Totals.Clear(); IsEnabled = true; Mark(); }

    public static void Stop() => IsEnabled = false;

    /// <summary>Totals since <see cref="Start"/>, largest first: ("forward matmul", ms, calls), ("backward matmul", ...).</summary>
    public static IReadOnlyList<(string Op, double Ms, int Calls)> Snapshot()
    {
        var list = new List<(string, double, int)>();
        foreach (var (key, v) in Totals) list.Add((key.Phase + " " + key.Op, v.Ms, v.Calls));
        list.Sort((x, y) => y.Item2.CompareTo(x.Item2));
        return list;
    }

    /// <summary>Restarts the clock, e.g. before a phase whose first op should not be charged for what came before.</summary>
    public static void Mark() { if (IsEnabled) _last = Stopwatch.GetTimestamp(); }

    /// <summary>Called by every op as it records its output; ignored inside a backward pass, whose ops (gradient sums,
    /// ops called by backward functions) belong to the backward node being charged.</summary>
    public static void Forward(Op op) { if (IsEnabled && _backwardDepth == 0) Charge("forward", op.Name()); }

    internal static void EnterBackward() => _backwardDepth++;

    internal static void ExitBackward() => _backwardDepth--;

    /// <summary>Charges the time since the last mark to <paramref name="op"/> and restarts the clock.</summary>
    public static void Charge(string phase, string op)
    {
        if (!IsEnabled) return;
        long now = Stopwatch.GetTimestamp();
        var key = (phase, op);
        var (ms, calls) = Totals.GetValueOrDefault(key);
        Totals[key] = (ms + Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds, calls + 1);
        _last = now;
    }
}
