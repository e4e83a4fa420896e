namespace AlignLab.Methods.Steering.Experiments;

/// <summary>
/// Success compared at equal fluency rather than at equal α: along one method's α sweep (starting from the unsteered
/// point), the success where perplexity first reaches a bound, interpolated linearly in log perplexity between the two
/// α values around it. Taking the best grid point under the bound instead lets a setting whose perplexity misses the
/// bound by a hair fall back to a much weaker α, so the comparison would measure where the grid lies, not the method.
/// </summary>
public static class FluencyMatched
{
    /// <param name="sweep">(perplexity, success) in increasing α.</param>
    /// <returns>Success at perplexity = <paramref name="bound"/>; the strongest α's success when the sweep never reaches it.</returns>
    public static double SuccessAt(double bound, (double Perplexity, double Success) unsteered, IReadOnlyList<(double Perplexity, double Success)> sweep)
    {
        if (sweep.Count == 0) throw new ArgumentException("the α sweep is empty");
        var previous = unsteered;
        foreach (var point in sweep)
        {
            if (point.Perplexity >= bound)
            {
                if (previous.Perplexity >= bound) return previous.Success;
                double t = (Math.Log(bound) - Math.Log(previous.Perplexity)) / (Math.Log(point.Perplexity) - Math.Log(previous.Perplexity));
                return previous.Success + t * (point.Success - previous.Success);
            }
            previous = point;
        }
        return sweep[^1].Success;
    }
}
