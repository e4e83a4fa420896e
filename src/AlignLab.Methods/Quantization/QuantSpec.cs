namespace AlignLab.Methods.Quantization;

/// <summary>One min-max quantizer: bits, grid (asymmetric unless <see cref="Symmetric"/>) and clip factor c ∈ (0, 1] scaling both ends.</summary>
public sealed record QuantSpec(int Bits, bool Symmetric = false, float Clip = 0.95f)
{
    public void Validate(string field)
    {
        if (Bits < 2 || Bits > 8) throw new ArgumentOutOfRangeException(field, Bits, $"{field}: bits must be 2 to 8");
        if (!(Clip > 0f && Clip <= 1f)) throw new ArgumentOutOfRangeException(field, Clip, $"{field}: clip must be in (0, 1]");
    }

    /// <summary>Fake-quantizes x in groups along its last axis (the whole axis by default).</summary>
    public AlignLab.Core.Tensor Apply(AlignLab.Core.Tensor x) => x.FakeQuantize(Bits, Symmetric, Clip);
}
