namespace AlignLab.Methods.Unlearning.Data;

/// <summary>How much MiniLUME to draw. Counts are per split (forget and retain each get this many documents; the MIA
/// non-members are as many again per task, never trained on).</summary>
public sealed record MiniLumeOptions
{
    /// <summary>Task 2: synthetic PII biographies (five QA rows each, LUME's templates and answer formats).</summary>
    public int Biographies { get; init; } = 12;
    /// <summary>Task 1: short synthetic stories (one QA row each).</summary>
    public int Stories { get; init; } = 4;
    /// <summary>Task 3: short encyclopedic biographies (one QA row each).</summary>
    public int PublicBiographies { get; init; } = 4;
    /// <summary>Multiple-choice utility questions; each is also a background fact sentence the target learns.</summary>
    public int UtilityFacts { get; init; } = 24;
    public ulong Seed { get; init; } = 1;

    public void Validate()
    {
        if (Biographies < 1 || Stories < 0 || PublicBiographies < 0)
            throw new ArgumentException($"MiniLUME needs at least one biography per split and no negative counts (biographies {Biographies}, stories {Stories}, public biographies {PublicBiographies})");
        if (UtilityFacts < 4) throw new ArgumentException($"MiniLUME needs at least 4 utility facts, got {UtilityFacts}");
    }
}
