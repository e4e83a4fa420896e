namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>What improves the SFT model: the baselines and the two IRL variants.</summary>
public enum AlignMethod
{
    /// <summary>More supervised fine-tuning on the demonstrations (the equal-budget baseline).</summary>
    Sft,
    /// <summary>Self-play fine-tuning: demonstration ≻ one round of the SFT model's own samples, implicit reward β·log π/π_SFT.</summary>
    Spin,
    /// <summary>Implicit-reward IRL: SPIN's loss in stages, each regenerating its negatives and freezing its stage-start model as reference.</summary>
    Irft,
    /// <summary>Explicit-reward IRL: a Bradley–Terry reward model on demonstration ≻ own-sample pairs, then RLOO against it, in rounds.</summary>
    Irl,
    /// <summary>
    /// A named arm of IRL with a stronger reward model: several own samples per demonstration and round (more pairs) and
    /// more Bradley–Terry steps per round; the policy step and its budget are IRL's.
    /// </summary>
    IrlStrongReward,
    /// <summary>DPO on pairs of the SFT model's samples labelled by the exact judge (a reference point: it sees oracle preferences).</summary>
    Dpo,
}

public static class AlignMethods
{
    public static readonly AlignMethod[] All = [AlignMethod.Sft, AlignMethod.Spin, AlignMethod.Irft, AlignMethod.Irl, AlignMethod.IrlStrongReward, AlignMethod.Dpo];

    public static string Name(AlignMethod method) => method switch
    {
        AlignMethod.Sft => "sft",
        AlignMethod.Spin => "spin",
        AlignMethod.Irft => "irft",
        AlignMethod.Irl => "irl",
        AlignMethod.IrlStrongReward => "irl-strong-rm",
        _ => "dpo",
    };

    public static string Label(AlignMethod method) => method switch
    {
        AlignMethod.Sft => "continued SFT",
        AlignMethod.Spin => "SPIN",
        AlignMethod.Irft => "IRFT",
        AlignMethod.Irl => "IRL (reward model + RLOO)",
        AlignMethod.IrlStrongReward => "IRL, stronger reward model",
        _ => "DPO (oracle preferences)",
    };

    public static AlignMethod Parse(string name, string field = "Method") => name.Trim().ToLowerInvariant() switch
    {
        "sft" => AlignMethod.Sft,
        "spin" => AlignMethod.Spin,
        "irft" => AlignMethod.Irft,
        "irl" => AlignMethod.Irl,
        "irl-strong-rm" => AlignMethod.IrlStrongReward,
        "dpo" => AlignMethod.Dpo,
        var other => throw new ArgumentException($"{field} must be sft, spin, irft, irl, irl-strong-rm or dpo, got '{other}'", field),
    };
}
