namespace AlignLab.Methods.Steering;

/// <summary>How a steering direction is built.</summary>
public enum SteeringMethod
{
    /// <summary>Mean of the history items the probe puts in the preferred class with confidence ≥ τ.</summary>
    Confst,
    /// <summary>Mean of every history item (CONFST with τ = 0).</summary>
    Mean,
    /// <summary>One prompt pair: activation of a preferred-class word minus that of another class's word.</summary>
    ActAdd,
    /// <summary>Mean over labelled contrast data: preferred-class activations minus other-class activations.</summary>
    Caa,
    /// <summary>ITI-lite: the top heads by per-head probe accuracy, each shifted along its mass-mean direction.</summary>
    Iti,
}

public static class SteeringMethods
{
    public static SteeringMethod Parse(string name) => name.ToLowerInvariant() switch
    {
        "confst" => SteeringMethod.Confst,
        "mean" => SteeringMethod.Mean,
        "actadd" => SteeringMethod.ActAdd,
        "caa" => SteeringMethod.Caa,
        "iti" => SteeringMethod.Iti,
        _ => throw new ArgumentException($"steering method '{name}' is not one of confst, mean, actadd, caa, iti"),
    };

    public static string Name(this SteeringMethod m) => m switch
    {
        SteeringMethod.Confst => "CONFST",
        SteeringMethod.Mean => "mean steering",
        SteeringMethod.ActAdd => "ActAdd",
        SteeringMethod.Iti => "ITI-lite",
        _ => "CAA",
    };
}
