namespace AlignLab.Methods.Reasoning;

/// <summary>What produces the hard-level training data of each iteration.</summary>
public enum ReasoningMethod
{
    /// <summary>Fine-tune on the bootstrap problems' gold answers with no rationale.</summary>
    AnswerSft,
    /// <summary>Fine-tune on the bootstrap problems' gold rationales (the human-annotation upper reference).</summary>
    GoldSft,
    /// <summary>Rejection sampling (ReST-EM / STaR without rationalisation): sample, keep what the verifier accepts, fine-tune.</summary>
    Rejection,
    /// <summary>BRiTE: RL-train a rationale sampler toward the posterior (ψ-step), fine-tune on its samples (θ-step).</summary>
    Brite,
}

/// <summary>Which of the sampler's completions the θ-step trains on.</summary>
public enum ThetaStepFilter
{
    /// <summary>Every sample of Q_ψ: the plain M-step.</summary>
    AllSamples,
    /// <summary>Only samples the verifier accepts.</summary>
    VerifiedOnly,
}

public static class ReasoningMethodNames
{
    public static string Name(ReasoningMethod method) => method switch
    {
        ReasoningMethod.AnswerSft => "answer-sft",
        ReasoningMethod.GoldSft => "gold-sft",
        ReasoningMethod.Rejection => "rejection",
        _ => "brite",
    };

    public static ReasoningMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "answer-sft" => ReasoningMethod.AnswerSft,
        "gold-sft" => ReasoningMethod.GoldSft,
        "rejection" => ReasoningMethod.Rejection,
        "brite" => ReasoningMethod.Brite,
        var other => throw new ArgumentException($"method must be brite, rejection, gold-sft or answer-sft, got '{other}'"),
    };
}
