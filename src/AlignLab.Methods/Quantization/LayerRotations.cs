namespace AlignLab.Methods.Quantization;

/// <summary>
/// The online rotations of one decoder layer: R2 (a head_dim Hadamard on the value output, undone in o_proj's input),
/// R3 (a head_dim Hadamard on queries and keys after RoPE, so q·k is unchanged and the key cache is rotated) and R4
/// (a d_ff Hadamard on down_proj's input, undone in its weight). In float arithmetic each cancels exactly.
/// </summary>
public sealed record LayerRotations(bool R2, bool R3, bool R4)
{
    public static readonly LayerRotations None = new(false, false, false);
    public static readonly LayerRotations All = new(true, true, true);

    public override string ToString() => R2 || R3 || R4
        ? string.Join("+", new[] { R2 ? "R2" : null, R3 ? "R3" : null, R4 ? "R4" : null }.Where(s => s != null))
        : "none";
}
