using AlignLab.Core;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Generation;

/// <summary>
/// Autoregressive decoding for any <see cref="ICausalLM"/>. All prompts are decoded as one batch with a shared KV
/// cache, shorter ones left-padded: the cache gives each row its own positions and masks its padding keys. Results
/// come back in prompt order.
/// Every step calls the model's normal forward, so module hooks see each new position.
/// </summary>
public static class TextGenerator
{
    /// <summary>The new tokens of each prompt (stop token excluded). Stop strings need <see cref="Complete"/>, which decodes.</summary>
    public static int[][] Generate(ICausalLM model, IReadOnlyList<int[]> prompts, GenerationOptions options, Generator? generator = null,
        CancellationToken cancellationToken = default)
    {
        if (options.StopStrings.Count > 0)
            throw new ArgumentException("stop strings need a tokenizer to decode the continuation: use TextGenerator.Complete");
        var rows = Run(model, null, prompts, options, generator, null, cancellationToken);
        var result = new int[rows.Length][];
        for (int i = 0; i < rows.Length; i++) result[i] = rows[i].Ids.ToArray();
        return result;
    }

    public static int[] Generate(ICausalLM model, int[] prompt, GenerationOptions options, Generator? generator = null) =>
        Generate(model, [prompt], options, generator)[0];

    /// <summary>
    /// Generates and decodes a continuation of each prompt, ending it at a stop id, a stop string or the token budget.
    /// <paramref name="onText"/> (prompt index, text) receives each continuation's text as it becomes final; the
    /// pieces of one prompt concatenate to its <see cref="TextCompletion.Text"/>.
    /// </summary>
    public static TextCompletion[] Complete(ICausalLM model, ITextTokenizer tokenizer, IReadOnlyList<int[]> prompts, GenerationOptions options,
        Generator? generator = null, Action<int, string>? onText = null, CancellationToken cancellationToken = default)
    {
        var rows = Run(model, tokenizer, prompts, options, generator, onText, cancellationToken);
        var result = new TextCompletion[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            var (text, logProbs) = (rows[i].Text!, rows[i].LogProbs);
            var ids = text.Ids;
            result[i] = new TextCompletion(ids, text.Text, rows[i].Finish!.Value, logProbs?.GetRange(0, ids.Length).ToArray());
        }
        return result;
    }

    /// <summary>One prompt's continuation: its ids, and when decoding (<see cref="Complete"/>) its text and log-probabilities.</summary>
    private sealed class Row(int index, ContinuationText? text, bool logProbs)
    {
        public readonly int Index = index;
        public readonly List<int> Ids = new();
        public readonly ContinuationText? Text = text;
        public readonly List<TokenLogProb>? LogProbs = logProbs ? new() : null;
        public FinishReason? Finish;
    }

    private static Row[] Run(ICausalLM model, ITextTokenizer? tokenizer, IReadOnlyList<int[]> prompts, GenerationOptions options,
        Generator? generator, Action<int, string>? onText, CancellationToken cancellationToken)
    {
        options.Validate();
        var rows = new Row[prompts.Count];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = tokenizer == null ? new Row(i, null, false) : new Row(i, new ContinuationText(tokenizer, options.StopStrings), options.LogProbs);
        var sampler = new TokenSampler(options, generator);
        using var _ = GradMode.NoGrad();
        // With the cache, prompts of any lengths decode as one left-padded batch; the uncached reference path
        // (which has no padding masks) batches only prompts of equal length.
        for (int i = 0; i < prompts.Count; i++)
            if (prompts[i] is not { Length: > 0 }) throw new ArgumentException($"prompt {i} is empty");
        foreach (var group in options.UseCache ? [Enumerable.Range(0, prompts.Count).ToList()] : GroupByLength(prompts))
        {
            var batch = new Row[group.Count];
            for (int i = 0; i < group.Count; i++) batch[i] = rows[group[i]];
            GenerateBatch(model, prompts, batch, options, sampler, onText, cancellationToken);
        }
        return rows;
    }

    private static List<List<int>> GroupByLength(IReadOnlyList<int[]> prompts)
    {
        var groups = new List<List<int>>();
        var byLength = new Dictionary<int, List<int>>();
        for (int i = 0; i < prompts.Count; i++)
        {
            if (!byLength.TryGetValue(prompts[i].Length, out var g)) { byLength[prompts[i].Length] = g = new List<int>(); groups.Add(g); }
            g.Add(i);
        }
        return groups;
    }

    private static void GenerateBatch(ICausalLM model, IReadOnlyList<int[]> prompts, Row[] rows, GenerationOptions options, TokenSampler sampler,
        Action<int, string>? onText, CancellationToken cancellationToken)
    {
        int b = rows.Length, t0 = 0;
        foreach (var row in rows) t0 = Math.Max(t0, prompts[row.Index].Length);
        if (t0 + options.MaxNewTokens > model.MaxPositions)
            throw new ArgumentException($"prompt of {t0} tokens plus {options.MaxNewTokens} new tokens exceeds the model's {model.MaxPositions} positions");
        // Shorter prompts are left-padded (token 0; the cache masks padding out), so every row's next token is last.
        var sequences = new List<int>[b];
        var padding = new int[b];
        for (int i = 0; i < b; i++)
        {
            var prompt = prompts[rows[i].Index];
            padding[i] = t0 - prompt.Length;
            sequences[i] = new List<int>(t0 + options.MaxNewTokens);
            sequences[i].AddRange(new int[padding[i]]);
            sequences[i].AddRange(prompt);
        }
        var cache = options.UseCache ? new KvCache(model.LayerCount, padding) : null;
        var scratch = rows[0].LogProbs != null ? new float[model.VocabSize] : null;
        int active = b;
        for (int step = 0; step < options.MaxNewTokens && active > 0; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logits = model.Logits(Input(sequences, cache, step), cache, lastOnly: true);
            int t = logits.Shape[1], v = logits.Shape[2];
            var flat = logits.Contiguous().AsSpan();
            for (int i = 0; i < b; i++)
            {
                // Finished rows still run (they share the batch) but their tokens are dropped.
                var rowLogits = flat.Slice((i * t + t - 1) * v, v);
                int next = sampler.Next(rowLogits);
                sequences[i].Add(next);
                var row = rows[i];
                if (row.Finish != null) continue;
                if (options.StopIds.Contains(next))
                {
                    row.Finish = FinishReason.Stop;
                    if (options.KeepStopToken && row.Text == null) row.Ids.Add(next);
                }
                else
                {
                    row.Ids.Add(next);
                    row.LogProbs?.Add(TokenLogProb.Of(rowLogits, next, options.TopLogProbs, scratch));
                    if (row.Text?.Add(next) == true) row.Finish = FinishReason.Stop;
                }
                if (row.Finish != null) active--;
                Emit(row, onText);
            }
        }
        foreach (var row in rows)
        {
            row.Finish ??= FinishReason.Length;
            row.Text?.Finish();
            Emit(row, onText);
        }
    }

    private static void Emit(Row row, Action<int, string>? onText)
    {
        if (onText == null || row.Text == null) return;
        var delta = row.Text.TakeNewText();
        if (delta.Length > 0) onText(row.Index, delta);
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
