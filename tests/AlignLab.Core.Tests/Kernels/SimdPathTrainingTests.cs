using AlignLab.Core.Kernels;

namespace AlignLab.Core.Tests.Kernels;

/// <summary>
/// A whole forward and backward (linear layers, GELU, layer norm, attention, cross-entropy) on every kernel path agrees
/// with the scalar path: an ARM64 or AVX2-only machine runs the same math as the developer's AVX-512 one.
/// </summary>
[Collection("EngineSettings")]
public class SimdPathTrainingTests
{
    private static (float Loss, float[] Gradient) Step(SimdLevel simd)
    {
        var saved = EngineSettings.Simd;
        EngineSettings.Simd = simd;
        try
        {
            var gen = new Generator(3);
            var w1 = gen.Normal([24, 40], 0, 0.3f).RequireGrad();
            var w2 = gen.Normal([40, 24], 0, 0.3f).RequireGrad();
            var gain = gen.Normal([24], 1, 0.1f).RequireGrad();
            var x = gen.Normal([2, 3, 5, 24], 0, 1);
            var h = F.LayerNorm(x.MatMul(w1).Gelu().MatMul(w2), gain, null);
            var attended = F.ScaledDotProductAttention(h, h, h, causal: true);
            var logits = attended.Reshape(30, 24);
            var targets = new IntTensor(Enumerable.Range(0, 30).Select(i => i * 7 % 24).ToArray(), 30);
            var loss = F.CrossEntropy(logits, targets);
            loss.Backward();
            return (loss.Item(), [.. w1.Grad!.AsSpan(), .. w2.Grad!.AsSpan(), .. gain.Grad!.AsSpan()]);
        }
        finally { EngineSettings.Simd = saved; }
    }

    [Theory]
    [InlineData(SimdLevel.Vector128)]
    [InlineData(SimdLevel.Vector256)]
    [InlineData(SimdLevel.Vector512)]
    public void EveryPathMatchesTheScalarPath(SimdLevel simd)
    {
        var reference = Step(SimdLevel.Scalar);
        var path = Step(simd);
        Assert.Equal(reference.Loss, path.Loss, 1e-5f);
        for (int i = 0; i < reference.Gradient.Length; i++)
            Assert.True(Math.Abs(reference.Gradient[i] - path.Gradient[i]) <= 1e-5f + 1e-4f * Math.Abs(reference.Gradient[i]), $"gradient {i}: {reference.Gradient[i]} vs {path.Gradient[i]}");
    }
}
