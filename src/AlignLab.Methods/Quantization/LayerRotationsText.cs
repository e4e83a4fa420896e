namespace AlignLab.Methods.Quantization;

/// <summary>Reads back <see cref="LayerRotations.ToString"/>: "none" or R2, R3, R4 joined by '+'.</summary>
public static class LayerRotationsText
{
    public static LayerRotations Parse(string? text, string where)
    {
        if (text == "none") return LayerRotations.None;
        bool r2 = false, r3 = false, r4 = false;
        foreach (var part in (text ?? "").Split('+'))
            switch (part)
            {
                case "R2" when !r2: r2 = true; break;
                case "R3" when !r3: r3 = true; break;
                case "R4" when !r4: r4 = true; break;
                default: throw new InvalidDataException($"{where}: '{text}' is not \"none\" or R2, R3, R4 joined by '+'");
            }
        return new LayerRotations(r2, r3, r4);
    }
}
