using AlignLab.Methods.PrefEval.Conversations;

namespace AlignLab.Methods.PrefEval;

/// <summary>One harness run: task, method, filler length, how many items, and the knobs that change requests.</summary>
public sealed record PrefEvalRunSettings
{
    public PrefEvalTask Task { get; init; } = PrefEvalTask.Generation;
    public EvalMethod Method { get; init; } = EvalMethod.ZeroShot;
    /// <summary>Filler pairs between the preference and the question.</summary>
    public int Turns { get; init; }
    /// <summary>Only the first K items (null: all).</summary>
    public int? Limit { get; init; }
    public MethodPrompts Prompts { get; init; } = MethodPrompts.Default;
    /// <summary>A system turn sent first (the released harness sends none to OpenAI models).</summary>
    public string? SystemPrompt { get; init; }
    /// <summary>Seed of the option shuffles (Python's random, seeded once per run, one shuffle per item in order; 41 as released).</summary>
    public uint ShuffleSeed { get; init; } = 41;
    /// <summary>Classification by the likelihood of each option instead of a generated letter (in-process models only).</summary>
    public bool McqByLikelihood { get; init; }
    /// <summary>Items in flight at once (network-bound endpoints; in-process models answer one at a time anyway).</summary>
    public int Concurrency { get; init; } = 1;

    public void Validate()
    {
        if (Turns < 0) throw new ArgumentOutOfRangeException(nameof(Turns), $"inter-turns must be at least 0, got {Turns}");
        if (Limit is < 1) throw new ArgumentOutOfRangeException(nameof(Limit), $"the item limit must be at least 1, got {Limit}");
        if (Concurrency is < 1 or > 64) throw new ArgumentOutOfRangeException(nameof(Concurrency), $"concurrency must be in [1, 64], got {Concurrency}");
        if (McqByLikelihood && Task != PrefEvalTask.Classification) throw new ArgumentException("likelihood scoring applies to the classification task only", nameof(McqByLikelihood));
        if (McqByLikelihood && Method == EvalMethod.SelfCritic) throw new ArgumentException("self-critic needs generated answers; it cannot run with likelihood scoring", nameof(McqByLikelihood));
    }
}
