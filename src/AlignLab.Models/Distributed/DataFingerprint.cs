using AlignLab.Models.Data;

namespace AlignLab.Models.Distributed;

/// <summary>
/// Checks that every rank holds the same training examples (count and a hash of the tokens): ranks that tokenised
/// different files or trained different tokenizers would silently average unrelated gradients.
/// </summary>
public static class DataFingerprint
{
    public static void CheckSame(IReadOnlyList<TrainingExample> examples, ProcessGroup group)
    {
        // Small integers, so sums and sums of squares over ranks are exact in double.
        double count = examples.Count, hash = Hash(examples);
        var sums = new[] { count, count * count, hash, hash * hash };
        group.AllReduceSum(sums);
        int n = group.Size;
        if (sums[0] * sums[0] != n * sums[1] || sums[2] * sums[2] != n * sums[3])
            throw new InvalidOperationException($"ranks hold different training data (rank {group.Rank}: {examples.Count} examples, hash {hash}); " +
                                                "give every rank the same data file and tokenizer");
    }

    /// <summary>A 20-bit FNV-1a hash of every token id and training mask.</summary>
    public static int Hash(IReadOnlyList<TrainingExample> examples)
    {
        uint h = 2166136261;
        foreach (var e in examples)
            for (int i = 0; i < e.Ids.Length; i++)
                h = (h ^ (uint)(e.Ids[i] * 2 + (e.Trained[i] ? 1 : 0))) * 16777619;
        return (int)(h & 0xFFFFF);
    }
}
