namespace AlignLab.Methods.Mimo;

/// <summary>How the UE dithers before quantizing.</summary>
public enum DitherMode
{
    /// <summary>
    /// The official code's default (its dither flag is inverted): nothing is added, and the base station still
    /// models a Gaussian of σ = Δ/2 = 1 scaled unit (the code's max(c·σ, 1), which is 1 for b ≤ 4 at 30 dB).
    /// </summary>
    None,
    /// <summary>Gaussian dither of σ = rms(q)/√SNR_d is added; σ is sent as side information and the BS uses it.</summary>
    Gaussian,
}

/// <summary>Quantizer settings: bits per measurement, dither, and how many bits each side-information scalar costs.</summary>
public sealed record QuantizerSettings(int Bits = 3, DitherMode Dither = DitherMode.None, double DitherSnrDb = 30,
                                       bool? OpenOuterBins = null, int SideInformationScalarBits = 16)
{
    /// <summary>Open outer bins by default exactly when real dither is modelled (it can carry values past the range).</summary>
    public bool OuterBinsOpen => OpenOuterBins ?? Dither == DitherMode.Gaussian;

    public void Validate()
    {
        if (Bits < 1 || Bits > UniformQuantizer.MaxBits) throw new ArgumentException($"bits must be in [1, {UniformQuantizer.MaxBits}], got {Bits}.", nameof(Bits));
        if (double.IsNaN(DitherSnrDb)) throw new ArgumentException("dither SNR must be a number.", nameof(DitherSnrDb));
        if (SideInformationScalarBits != 16 && SideInformationScalarBits != 32 && SideInformationScalarBits != 64)
            throw new ArgumentException($"side-information scalars are float16/32/64, got {SideInformationScalarBits} bits.", nameof(SideInformationScalarBits));
    }
}
