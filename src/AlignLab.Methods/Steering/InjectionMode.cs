namespace AlignLab.Methods.Steering;

/// <summary>Where a steering vector is added along the sequence.</summary>
public enum InjectionMode
{
    /// <summary>The mean of the vector's span rows, added at every position (prompt and generated tokens).</summary>
    Every,
    /// <summary>Row j of the vector added at absolute position Start + j only (ActAdd-style block at the front).</summary>
    Front,
}
