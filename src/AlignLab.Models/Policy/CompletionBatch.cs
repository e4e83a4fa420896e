using AlignLab.Core;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Policy;

/// <summary>
/// Prompts with their completions as one right-padded id tensor, for scoring completions under a policy (and a
/// reference) in one forward pass each. Row r holds prompt <see cref="PromptOf"/>(r) followed by completion r, then
/// padding (id 0). Rows are grouped by prompt: rows p·k … p·k+k−1 belong to prompt p, as leave-one-out baselines expect.
/// </summary>
/// <remarks>
/// Right padding, because the causal forward without a KV cache has no padding mask: with the padding after every
/// real token, no real position attends to it and every row starts at position 0, so a row scores as it would
/// alone. (Left padding needs the cache's mask, and the cache copies keys out of the autograd graph.)
/// </remarks>
public sealed class CompletionBatch
{
    private CompletionBatch(IReadOnlyList<int[]> prompts, int[][] completions, bool[] stopped, int samplesPerPrompt)
    {
        SamplesPerPrompt = samplesPerPrompt;
        Completions = completions;
        Stopped = stopped;
        int rows = completions.Length;
        var promptLengths = new int[rows];
        int length = 0;
        for (int r = 0; r < rows; r++)
        {
            promptLengths[r] = prompts[r / samplesPerPrompt].Length;
            length = Math.Max(length, promptLengths[r] + completions[r].Length);
        }
        var ids = new int[rows * length];
        var mask = new float[rows * length];
        for (int r = 0; r < rows; r++)
        {
            prompts[r / samplesPerPrompt].CopyTo(ids, r * length);
            completions[r].CopyTo(ids, r * length + promptLengths[r]);
            mask.AsSpan(r * length + promptLengths[r], completions[r].Length).Fill(1f);
        }
        PromptLengths = promptLengths;
        Ids = new IntTensor(ids, rows, length);
        CompletionMask = Tensor.Wrap(mask, rows, length);
    }

    /// <summary>[B, T]: prompt, completion, then padding id 0.</summary>
    public IntTensor Ids { get; }
    /// <summary>[B, T]: 1 where <see cref="Ids"/> holds a completion token (the tokens to score), 0 on prompt and padding.</summary>
    public Tensor CompletionMask { get; }
    /// <summary>Each row's completion, including the stop id that ended it (see <see cref="Stopped"/>).</summary>
    public IReadOnlyList<int[]> Completions { get; }
    /// <summary>True where a stop id ended the completion (it is its last token), false where the token budget did.</summary>
    public IReadOnlyList<bool> Stopped { get; }
    public IReadOnlyList<int> PromptLengths { get; }
    public int SamplesPerPrompt { get; }
    public int Rows => Completions.Count;
    public int PromptCount => Rows / SamplesPerPrompt;
    public int PromptOf(int row) => row / SamplesPerPrompt;

    /// <summary>
    /// Given completions (demonstrations, or samples drawn elsewhere): completion r continues prompt r / k.
    /// Completions may be empty; nothing of them is scored then.
    /// </summary>
    public static CompletionBatch FromCompletions(IReadOnlyList<int[]> prompts, IReadOnlyList<int[]> completions, int samplesPerPrompt = 1)
    {
        if (samplesPerPrompt < 1) throw new ArgumentException($"samplesPerPrompt must be at least 1, got {samplesPerPrompt}");
        if (prompts.Count == 0) throw new ArgumentException("prompts must not be empty");
        if (completions.Count != prompts.Count * samplesPerPrompt)
            throw new ArgumentException($"completions: expected {prompts.Count} prompts × {samplesPerPrompt} samples = {prompts.Count * samplesPerPrompt}, got {completions.Count}");
        for (int p = 0; p < prompts.Count; p++)
            if (prompts[p] is not { Length: > 0 }) throw new ArgumentException($"prompts: prompt {p} is empty");
        var copies = new int[completions.Count][];
        for (int r = 0; r < copies.Length; r++)
            copies[r] = (completions[r] ?? throw new ArgumentException($"completions: completion {r} is null")).ToArray();
        return new CompletionBatch(prompts, copies, new bool[copies.Length], samplesPerPrompt);
    }

    /// <summary>
    /// Draws <paramref name="samplesPerPrompt"/> completions of every prompt with the cached batched generator, all
    /// prompts × samples in one batch. A completion ends at the first of <paramref name="options"/>' stop ids, which
    /// it keeps as its last token (scored, so a policy learns when to stop), or after MaxNewTokens tokens.
    /// </summary>
    public static CompletionBatch Sample(ICausalLM model, IReadOnlyList<int[]> prompts, int samplesPerPrompt, GenerationOptions options,
        Generator? generator, CancellationToken cancellationToken = default)
    {
        if (samplesPerPrompt < 1) throw new ArgumentException($"samplesPerPrompt must be at least 1, got {samplesPerPrompt}");
        if (prompts.Count == 0) throw new ArgumentException("prompts must not be empty");
        if (options.StopStrings.Count > 0) throw new ArgumentException("options.StopStrings: completions are token ids; use StopIds");
        for (int p = 0; p < prompts.Count; p++)
            if (prompts[p] is not { Length: > 0 }) throw new ArgumentException($"prompts: prompt {p} is empty");
        var rows = new int[prompts.Count * samplesPerPrompt][];
        for (int r = 0; r < rows.Length; r++) rows[r] = prompts[r / samplesPerPrompt];
        // The generator keeps the stop token, so a row that stopped ends with one of the stop ids, and decoding ends
        // once every row has stopped. The draws are those of decoding without stop ids, cut after the first stop:
        // finished rows keep sampling in the shared batch either way.
        var completions = TextGenerator.Generate(model, rows, options with { KeepStopToken = true }, generator, cancellationToken);
        var stopped = new bool[rows.Length];
        for (int r = 0; r < rows.Length; r++)
            stopped[r] = completions[r].Length > 0 && options.StopIds.Contains(completions[r][^1]);
        return new CompletionBatch(prompts, completions, stopped, samplesPerPrompt);
    }
}
