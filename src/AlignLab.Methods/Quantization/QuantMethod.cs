namespace AlignLab.Methods.Quantization;

/// <summary>The methods compared: float fine-tuning, post-training quantization of it, and quantization-aware fine-tuning.</summary>
public enum QuantMethod
{
    /// <summary>Float fine-tuning, evaluated in float (the reference).</summary>
    FullPrecision,
    /// <summary>Float fine-tuning, then round-to-nearest weights; activations and KV quantized on the fly.</summary>
    Rtn,
    /// <summary>Float fine-tuning, then GPTQ weights.</summary>
    Gptq,
    /// <summary>Float fine-tuning, then R1 fused and every R2/R3/R4 on, then GPTQ weights (QuaRot-style).</summary>
    QuaRot,
    /// <summary>Quantization-aware fine-tuning with the straight-through estimator, no rotation.</summary>
    Ste,
    /// <summary>Quantization-aware fine-tuning with R1 and every R2/R3/R4 on (complete rotation).</summary>
    RotateAll,
    /// <summary>R1, the per-layer R2/R3/R4 choice by quantization error, then quantization-aware fine-tuning.</summary>
    Roste,
}

public static class QuantMethods
{
    public static string Label(this QuantMethod m) => m switch
    {
        QuantMethod.FullPrecision => "FP fine-tuning (float)",
        QuantMethod.Rtn => "FP → RTN",
        QuantMethod.Gptq => "FP → GPTQ",
        QuantMethod.QuaRot => "FP → QuaRot (R1–R4 + GPTQ)",
        QuantMethod.Ste => "STE QA fine-tuning",
        QuantMethod.RotateAll => "QA fine-tuning, rotate all",
        QuantMethod.Roste => "RoSTE",
        _ => m.ToString(),
    };

    public static string Key(this QuantMethod m) => m switch
    {
        QuantMethod.FullPrecision => "fp", QuantMethod.Rtn => "rtn", QuantMethod.Gptq => "gptq", QuantMethod.QuaRot => "quarot",
        QuantMethod.Ste => "ste", QuantMethod.RotateAll => "rotate_all", QuantMethod.Roste => "roste", _ => m.ToString(),
    };

    public static bool IsQuantizationAware(this QuantMethod m) => m is QuantMethod.Ste or QuantMethod.RotateAll or QuantMethod.Roste;
}
