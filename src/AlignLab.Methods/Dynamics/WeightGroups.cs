namespace AlignLab.Methods.Dynamics;

/// <summary>The weight matrices of an attention layer, combinable to say which of them train.</summary>
[Flags]
public enum WeightGroups
{
    None = 0,
    Query = 1,
    Key = 2,
    Value = 4,
    Output = 8,
    /// <summary>W_Q and W_K: what shapes the attention matrix (the Theorem-2 regime).</summary>
    Attention = Query | Key,
    /// <summary>W_Q, W_K and W_V (the Theorem-1 "all weights" regime; W_O stays fixed).</summary>
    QueryKeyValue = Query | Key | Value,
    All = Query | Key | Value | Output,
}
