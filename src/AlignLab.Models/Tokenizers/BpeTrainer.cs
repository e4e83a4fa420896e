namespace AlignLab.Models.Tokenizers;

/// <summary>Settings of <see cref="BpeTrainer"/>. <see cref="VocabSize"/> counts the 256 byte tokens, the merges and the special tokens.</summary>
public sealed record BpeTrainerOptions(int VocabSize, int MinFrequency = 2, IReadOnlyList<string>? SpecialTokens = null);

/// <summary>
/// Learns byte-level BPE merges from text: GPT-2 pre-tokenization, then repeatedly merge the most frequent
/// adjacent pair. Ties go to the lexically (ordinal) smallest pair of token strings, so the result is the
/// same on every run and machine — no random choice is involved. Ids: the 256 byte tokens in GPT-2's order,
/// then merges, then special tokens.
/// </summary>
public static class BpeTrainer
{
    public static BpeVocabulary Train(IEnumerable<string> corpus, BpeTrainerOptions options)
    {
        var specials = options.SpecialTokens ?? [];
        if (options.VocabSize < 256 + specials.Count)
            throw new ArgumentException($"VocabSize {options.VocabSize} is below the 256 byte tokens plus {specials.Count} special tokens", nameof(options));
        if (options.MinFrequency < 1) throw new ArgumentException($"MinFrequency must be at least 1, got {options.MinFrequency}", nameof(options));

        var tokens = new List<string>(options.VocabSize);
        var byteIds = new int[256];
        foreach (byte b in ByteUnicodeMap.BytesInGpt2Order) { byteIds[b] = tokens.Count; tokens.Add(ByteUnicodeMap.ToChar(b).ToString()); }

        var (words, frequencies) = CountWords(corpus, specials, byteIds);
        var merges = LearnMerges(words, frequencies, tokens, options.VocabSize - specials.Count, options.MinFrequency);

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++) vocab[tokens[i]] = i;
        foreach (var s in specials)
            if (!vocab.TryAdd(s, vocab.Count)) throw new ArgumentException($"special token '{s}' is listed twice or equals a learned token", nameof(options));
        return new BpeVocabulary(vocab, merges, [.. specials], "trained vocabulary", "trained merges");
    }

    private static (List<int[]> Words, List<long> Frequencies) CountWords(IEnumerable<string> corpus, IReadOnlyList<string> specials, int[] byteIds)
    {
        var splitter = new SpecialTokenSplitter([.. specials]);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var text in corpus)
        {
            ReadOnlySpan<char> rest = text;
            while (!rest.IsEmpty)
            {
                int at = splitter.IndexOf(rest, out string special);
                var segment = at < 0 ? rest : rest[..at];
                foreach (var m in Gpt2PreTokenizer.EnumerateMatches(segment))
                {
                    var word = segment.Slice(m.Index, m.Length);
                    lookup[word] = lookup.TryGetValue(word, out long c) ? c + 1 : 1;
                }
                rest = at < 0 ? default : rest[(at + special.Length)..];
            }
        }
        // Sorted so that the word order (and with it every later step) does not depend on the corpus order.
        var keys = new List<string>(counts.Keys);
        keys.Sort(StringComparer.Ordinal);
        var words = new List<int[]>(keys.Count);
        var frequencies = new List<long>(keys.Count);
        foreach (var k in keys)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(k);
            var symbols = new int[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) symbols[i] = byteIds[bytes[i]];
            words.Add(symbols);
            frequencies.Add(counts[k]);
        }
        return (words, frequencies);
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private static List<BpeMerge> LearnMerges(List<int[]> words, List<long> frequencies, List<string> tokens, int targetSize, int minFrequency)
    {
        var lengths = new int[words.Count];
        var pairCounts = new Dictionary<long, long>();
        var pairWords = new Dictionary<long, List<int>>();
        for (int w = 0; w < words.Count; w++)
        {
            lengths[w] = words[w].Length;
            for (int i = 0; i + 1 < lengths[w]; i++)
            {
                long key = Key(words[w][i], words[w][i + 1]);
                pairCounts[key] = pairCounts.GetValueOrDefault(key) + frequencies[w];
                AddWord(pairWords, key, w);
            }
        }

        // Lazy max-heap: an entry is stale when its count differs from the pair's current count.
        var heap = new PriorityQueue<long, (long Count, int Left, int Right)>(new CandidateOrder(tokens));
        foreach (var (key, count) in pairCounts) heap.Enqueue(key, (count, (int)(key >> 32), (int)key));

        var merges = new List<BpeMerge>();
        var delta = new Dictionary<long, long>();
        var visited = new int[words.Count];
        int stamp = 0;
        while (tokens.Count < targetSize && heap.TryDequeue(out long best, out var candidate))
        {
            if (pairCounts.GetValueOrDefault(best) != candidate.Count || candidate.Count == 0) continue;
            if (candidate.Count < minFrequency) break;
            int left = candidate.Left, right = candidate.Right, merged = tokens.Count;
            tokens.Add(tokens[left] + tokens[right]);
            merges.Add(new BpeMerge(tokens[left], tokens[right], merges.Count + 1));

            stamp++;
            delta.Clear();
            foreach (int w in pairWords[best])
            {
                if (visited[w] == stamp) continue;
                visited[w] = stamp;
                var symbols = words[w];
                int n = lengths[w];
                long f = frequencies[w];
                for (int i = 0; i + 1 < n; i++) Accumulate(delta, Key(symbols[i], symbols[i + 1]), -f);
                int write = 0;
                for (int i = 0; i < n;)
                {
                    if (i + 1 < n && symbols[i] == left && symbols[i + 1] == right) { symbols[write++] = merged; i += 2; }
                    else symbols[write++] = symbols[i++];
                }
                lengths[w] = n = write;
                for (int i = 0; i + 1 < n; i++)
                {
                    long key = Key(symbols[i], symbols[i + 1]);
                    Accumulate(delta, key, f);
                    if (symbols[i] == merged || symbols[i + 1] == merged) AddWord(pairWords, key, w);
                }
            }
            foreach (var (key, change) in delta)
            {
                if (change == 0) continue;
                long updated = pairCounts.GetValueOrDefault(key) + change;
                pairCounts[key] = updated;
                if (updated > 0) heap.Enqueue(key, (updated, (int)(key >> 32), (int)key));
            }
        }
        return merges;
    }

    private static void Accumulate(Dictionary<long, long> delta, long key, long change) => delta[key] = delta.GetValueOrDefault(key) + change;

    private static void AddWord(Dictionary<long, List<int>> pairWords, long key, int word)
    {
        if (!pairWords.TryGetValue(key, out var list)) pairWords[key] = list = [];
        if (list.Count == 0 || list[^1] != word) list.Add(word);
    }

    /// <summary>Highest count first; equal counts by ordinal order of the left, then the right token string.</summary>
    private sealed class CandidateOrder(List<string> tokens) : IComparer<(long Count, int Left, int Right)>
    {
        public int Compare((long Count, int Left, int Right) a, (long Count, int Left, int Right) b)
        {
            if (a.Count != b.Count) return b.Count.CompareTo(a.Count);
            int c = string.CompareOrdinal(tokens[a.Left], tokens[b.Left]);
            return c != 0 ? c : string.CompareOrdinal(tokens[a.Right], tokens[b.Right]);
        }
    }
}
