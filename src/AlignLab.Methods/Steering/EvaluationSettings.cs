namespace AlignLab.Methods.Steering;

/// <summary>How steered generations are sampled and judged.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Neutral prompts (a name or a connective and a name; no topic or sentiment word, no instruction).</summary>
    public int Prompts { get; init; } = 20;
    public int SamplesPerPrompt { get; init; } = 5;
    public int MaxNewTokens { get; init; } = 24;
    public float Temperature { get; init; } = 0.7f;

    public void Validate()
    {
        if (Prompts < 1) throw new ArgumentOutOfRangeException(nameof(Prompts), $"prompts must be >= 1, got {Prompts}");
        if (SamplesPerPrompt < 1) throw new ArgumentOutOfRangeException(nameof(SamplesPerPrompt), $"samples per prompt must be >= 1, got {SamplesPerPrompt}");
        if (MaxNewTokens < 1) throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), $"max new tokens must be >= 1, got {MaxNewTokens}");
        if (!(Temperature >= 0)) throw new ArgumentOutOfRangeException(nameof(Temperature), $"temperature must be >= 0, got {Temperature}");
    }
}

/// <summary>
/// What one steered configuration achieved. Success = share of continuations the held-out classifier puts in the target
/// class; joint = both targets at once (NaN without a sentiment target); perplexity of the continuations under the
/// unsteered model; lexicon share = share of the continuation's topic words that belong to the target topic.
/// </summary>
public sealed record SteeringOutcome(double TopicSuccess, double SentimentSuccess, double JointSuccess, double Perplexity, double LexiconShare, int Continuations)
{
    public double Success => TopicSuccess;
}
