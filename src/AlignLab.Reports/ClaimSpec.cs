namespace AlignLab.Reports;

/// <summary>
/// A claim declared as data, so an experiment lists its claims instead of assembling each one: the statement and the
/// paper's side are fixed text, ours and the verdict are read off a measured result, and a claim that does not apply
/// to a result (say, a budget this run did not sweep) is left out rather than judged on nothing.
/// </summary>
/// <typeparam name="T">What the claims are read off (a result, or a view of it).</typeparam>
public sealed record ClaimSpec<T>(string Statement, Func<T, string> Ours, string Paper, Func<T, bool> Held, Func<T, bool>? AppliesTo = null)
{
    /// <summary>The claims of <paramref name="specs"/> that apply to <paramref name="result"/>, checked on it, in their order.</summary>
    public static List<Claim> Check(IEnumerable<ClaimSpec<T>> specs, T result) =>
        specs.Where(s => s.AppliesTo?.Invoke(result) ?? true).Select(s => new Claim(s.Statement, s.Ours(result), s.Paper, s.Held(result))).ToList();
}
