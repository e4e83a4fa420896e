namespace AlignLab.Models.Generation;

/// <summary>How to pick new tokens. Temperature 0 is greedy (argmax, no randomness needed).</summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 32;
    public float Temperature { get; init; }
    /// <summary>Keep only the k most likely tokens before sampling (0: all).</summary>
    public int TopK { get; init; }
    /// <summary>Keep the smallest set of most likely tokens whose probability reaches p (1: all).</summary>
    public float TopP { get; init; } = 1f;
    /// <summary>Tokens that end a sequence; the stop token itself is not returned unless <see cref="KeepStopToken"/>.</summary>
    public IReadOnlyCollection<int> StopIds { get; init; } = [];
    /// <summary>
    /// Return the stop id that ended a sequence as its last token (a policy scores and learns its own stop). Decoding
    /// still ends at it, and the batch ends once every row has stopped. Applies to <see cref="TextGenerator.Generate(ICausalLM, IReadOnlyList{int[]}, GenerationOptions, AlignLab.Core.Generator?, CancellationToken)"/>
    /// (ids); decoded text never contains it.
    /// </summary>
    public bool KeepStopToken { get; init; }
    /// <summary>
    /// Strings that end a sequence once its decoded text contains one; the text is cut before the first occurrence
    /// (OpenAI's <c>stop</c>). Needs <see cref="TextGenerator.Complete"/>, which has the tokenizer to decode with.
    /// </summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];
    /// <summary>Record each returned token's <see cref="TokenLogProb"/> (in <see cref="TextCompletion.LogProbs"/>).</summary>
    public bool LogProbs { get; init; }
    /// <summary>With <see cref="LogProbs"/>: how many of the most likely alternatives to keep at each step.</summary>
    public int TopLogProbs { get; init; }
    /// <summary>False recomputes the whole sequence at every step (the reference path the cache is tested against).</summary>
    public bool UseCache { get; init; } = true;

    public void Validate()
    {
        if (MaxNewTokens < 0) throw new ArgumentException($"max new tokens must be >= 0, got {MaxNewTokens}");
        if (Temperature < 0 || float.IsNaN(Temperature)) throw new ArgumentException($"temperature must be >= 0, got {Temperature}");
        if (TopK < 0) throw new ArgumentException($"top-k must be >= 0, got {TopK}");
        foreach (var s in StopStrings)
            if (string.IsNullOrEmpty(s)) throw new ArgumentException("stop strings must not be empty");
        if (TopLogProbs < 0) throw new ArgumentException($"top log-probs must be >= 0, got {TopLogProbs}");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException($"top-p must be in (0, 1], got {TopP}");
    }
}
