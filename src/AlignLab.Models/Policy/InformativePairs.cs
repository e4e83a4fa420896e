namespace AlignLab.Models.Policy;

/// <summary>
/// Keeps the preference pairs that can teach something. When a policy's own sample equals the demonstration it is
/// contrasted with, every pairwise loss on scores of the two (Bradley–Terry on a reward model, or on β·log π/π_ref)
/// has a margin that is identically 0 and so no gradient: such a pair only dilutes its minibatch, and an equal step
/// budget would then buy fewer effective pairs for whichever method's policy is already right more often.
/// </summary>
public static class InformativePairs
{
    /// <summary>Indices i with <paramref name="chosen"/>[i] ≠ <paramref name="rejected"/>[i] (as token sequences), in order.</summary>
    public static int[] Indices(IReadOnlyList<int[]> chosen, IReadOnlyList<int[]> rejected)
    {
        if (chosen.Count != rejected.Count) throw new ArgumentException($"chosen and rejected: {chosen.Count} vs {rejected.Count} completions");
        var keep = new List<int>(chosen.Count);
        for (int i = 0; i < chosen.Count; i++)
            if (!chosen[i].AsSpan().SequenceEqual(rejected[i])) keep.Add(i);
        return keep.ToArray();
    }
}
