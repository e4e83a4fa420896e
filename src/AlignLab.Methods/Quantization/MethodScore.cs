namespace AlignLab.Methods.Quantization;

/// <summary>One method's result on one seed: held-out target perplexity and exact match, and for quantization-aware
/// methods the quantization-error surrogate E(·) along training (first entry: before training) and the chosen rotations.</summary>
public sealed record MethodScore(QuantMethod Method, double Perplexity, double ExactMatch, double[]? ErrorTrace = null, string? Rotations = null);
