using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// Synthetic text classification (stand-in for LRA byte-level text): sequences over a small vocabulary that
/// contain the two designated symbols exactly once each; the label says whether they are at most
/// <c>maxDistance</c> positions apart. Bag-of-tokens features cannot tell the classes apart (both contain the
/// same symbols), so the model must relate positions through attention.
/// </summary>
public static class CooccurrenceTextTask
{
    /// <summary>The designated pair; all other positions draw from the rest of the vocabulary.</summary>
    public const int SymbolA = 0, SymbolB = 1;

    /// <summary>Labels alternate 0, 1, 0, … so the set is exactly balanced.</summary>
    public static ClassificationSet Generate(int count, int tokens, int vocabulary, int maxDistance, Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (vocabulary < 3) throw new ArgumentException($"vocabulary: {vocabulary} must be ≥ 3 (two designated symbols and filler)");
        if (maxDistance < 1 || maxDistance + 1 >= tokens)
            throw new ArgumentException($"maxDistance: {maxDistance} must be in 1..{tokens - 2} for {tokens} tokens");
        var ids = new int[count * tokens];
        var labels = new int[count];
        for (int e = 0; e < count; e++)
        {
            int label = e % 2;
            var sequence = ids.AsSpan(e * tokens, tokens);
            for (int t = 0; t < tokens; t++) sequence[t] = random.NextInt(2, vocabulary);
            int distance = label == 1 ? random.NextInt(1, maxDistance + 1) : random.NextInt(maxDistance + 1, tokens);
            int first = random.NextInt(0, tokens - distance);
            bool aFirst = random.NextDouble() < 0.5;
            sequence[first] = aFirst ? SymbolA : SymbolB;
            sequence[first + distance] = aFirst ? SymbolB : SymbolA;
            labels[e] = label;
        }
        return new ClassificationSet(count, tokens, vocabulary, 2, ids, labels);
    }
}
