using AlignLab.Core;

namespace AlignLab.Models.Generation;

/// <summary>
/// Autoregressive decoding for any <see cref="ICausalLM"/>. Prompts of equal length are decoded as one batch with a
/// shared KV cache; prompts of different lengths go in separate batches, because left-padding would need per-row
/// positions and key masks that the attention and RoPE ops do not take. Results come back in prompt order.
/// Every step calls the model's normal forward, so module hooks see each new position.
/// </summary>
public static class TextGenerator
{
    /// <summary>The new tokens of each prompt (stop token excluded).</summary>
    public static int[][] Generate(ICausalLM model, IReadOnlyList<int[]> prompts, GenerationOptions options, Generator? generator = null)
    {
        options.Validate();
        var results = new int[prompts.Count][];
        var sampler = new TokenSampler(options, generator);
        using var _ = GradMode.NoGrad();
        foreach (var group in GroupByLength(prompts))
        {
            var batch = new int[group.Count][];
            for (int i = 0; i < group.Count; i++) batch[i] = prompts[group[i]];
            var output = GenerateBatch(model, batch, options, sampler);
            for (int i = 0; i < group.Count; i++) results[group[i]] = output[i];
        }
        return results;
    }

    public static int[] Generate(ICausalLM model, int[] prompt, GenerationOptions options, Generator? generator = null) =>
        Generate(model, [prompt], options, generator)[0];

    private static List<List<int>> GroupByLength(IReadOnlyList<int[]> prompts)
    {
        var groups = new List<List<int>>();
        var byLength = new Dictionary<int, List<int>>();
        for (int i = 0; i < prompts.Count; i++)
        {
            if (prompts[i] is not { Length: > 0 }) throw new ArgumentException($"prompt {i} is empty");
            if (!byLength.TryGetValue(prompts[i].Length, out var g)) { byLength[prompts[i].Length] = g = new List<int>(); groups.Add(g); }
            g.Add(i);
        }
        return groups;
    }

    private static int[][] GenerateBatch(ICausalLM model, int[][] prompts, GenerationOptions options, TokenSampler sampler)
    {
        int b = prompts.Length, t0 = prompts[0].Length;
        if (t0 + options.MaxNewTokens > model.MaxPositions)
            throw new ArgumentException($"prompt of {t0} tokens plus {options.MaxNewTokens} new tokens exceeds the model's {model.MaxPositions} positions");
        var sequences = new List<int>[b];
        var output = new List<int>[b];
        var done = new bool[b];
        for (int i = 0; i < b; i++) { sequences[i] = new List<int>(prompts[i]); output[i] = new List<int>(); }
        var cache = options.UseCache ? new KvCache(model.LayerCount) : null;
        int active = b;
        for (int step = 0; step < options.MaxNewTokens && active > 0; step++)
        {
            var logits = model.Logits(Input(sequences, cache, step), cache);
            int t = logits.Shape[1], v = logits.Shape[2];
            var flat = logits.Contiguous().AsSpan();
            for (int i = 0; i < b; i++)
            {
                // Finished rows still run (they share the batch) but their tokens are dropped.
                int next = sampler.Next(flat.Slice((i * t + t - 1) * v, v));
                sequences[i].Add(next);
                if (done[i]) continue;
                if (options.StopIds.Contains(next)) { done[i] = true; active--; continue; }
                output[i].Add(next);
            }
        }
        var result = new int[b][];
        for (int i = 0; i < b; i++) result[i] = output[i].ToArray();
        return result;
    }

    /// <summary>The whole sequences without a cache or at the first cached step; afterwards only the newest token.</summary>
    private static IntTensor Input(List<int>[] sequences, KvCache? cache, int step)
    {
        int b = sequences.Length, len = sequences[0].Count;
        int t = cache == null || step == 0 ? len : 1;
        var ids = new int[b * t];
        for (int i = 0; i < b; i++) sequences[i].CopyTo(len - t, ids, i * t, t);
        return new IntTensor(ids, b, t);
    }
}
