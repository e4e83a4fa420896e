namespace AlignLab.Models.Hooks;

/// <summary>
/// Where a residual-stream hook runs: after block <see cref="Layer"/>, on a tensor [B, T, d] whose column i of row b
/// holds absolute position <see cref="Position"/>(b, i). During cached generation a forward pass sees only the new
/// tokens, so <see cref="Start"/> is the cache length; with left padding each row's positions start after its padding.
/// </summary>
public readonly record struct ResidualSite(int Layer, string Name, int Start, int[]? LeftPadding)
{
    /// <summary>Absolute position of column <paramref name="column"/> in row <paramref name="row"/>; negative for padding.</summary>
    public int Position(int row, int column) => Start + column - (LeftPadding is { } pad ? pad[row] : 0);
}

/// <summary>Runs on a block's output (the residual stream); may return a replacement of the same shape (null keeps it).</summary>
public delegate AlignLab.Core.Tensor? ResidualHook(ResidualSite site, AlignLab.Core.Tensor residual);
