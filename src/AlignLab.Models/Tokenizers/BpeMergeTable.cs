namespace AlignLab.Models.Tokenizers;

/// <summary>
/// Merge ranks keyed by the pair of symbol ids, so the BPE loop works on ints: the merged symbol of
/// a pair is itself a vocabulary id, which gives the same result as GPT-2's string merges.
/// </summary>
internal sealed class BpeMergeTable
{
    private readonly Dictionary<long, (int Rank, int Merged)> byPair = new();

    public int Count => byPair.Count;

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Adds the next merge (rank = merges added so far); false when the pair already has a rank.</summary>
    public bool TryAdd(int left, int right, int merged) => byPair.TryAdd(Key(left, right), (byPair.Count, merged));

    /// <summary>Runs BPE in place: repeatedly merges every occurrence of the lowest-ranked adjacent pair. Returns the new length.</summary>
    public int Apply(Span<int> symbols)
    {
        int n = symbols.Length;
        while (n > 1)
        {
            int bestRank = int.MaxValue, bestLeft = 0, bestRight = 0, bestMerged = -1;
            for (int i = 0; i + 1 < n; i++)
            {
                if (byPair.TryGetValue(Key(symbols[i], symbols[i + 1]), out var m) && m.Rank < bestRank)
                {
                    bestRank = m.Rank; bestLeft = symbols[i]; bestRight = symbols[i + 1]; bestMerged = m.Merged;
                }
            }
            if (bestMerged < 0) break;
            int w = 0;
            for (int i = 0; i < n;)
            {
                if (i + 1 < n && symbols[i] == bestLeft && symbols[i + 1] == bestRight) { symbols[w++] = bestMerged; i += 2; }
                else symbols[w++] = symbols[i++];
            }
            n = w;
        }
        return n;
    }
}
