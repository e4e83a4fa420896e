using AlignLab.Core.Kernels;
using AlignLab.Core.Modules;

namespace AlignLab.Core.Tests.Ops;

/// <summary>Image ops beyond their PyTorch values: same bits on any thread count, shapes, and one-line errors.</summary>
[Collection("EngineSettings")]
public class ImageOpTests
{
    /// <summary>A batch big enough for the threaded path: output and every gradient must not depend on the thread count.</summary>
    [Fact]
    public void ConvAndGroupNormAreBitIdenticalForAnyThreadCount()
    {
        float[] Run(int threads)
        {
            int saved = EngineSettings.Threads;
            EngineSettings.Threads = threads;
            try
            {
                var gen = new Generator(11);
                var x = gen.Normal([9, 16, 16, 16]).RequireGrad();   // 2·9·32·144·256 ≈ 2.1e7 FLOP: above the threading threshold
                var w = gen.Normal([32, 16, 3, 3]).RequireGrad();
                var b = gen.Normal([32]).RequireGrad();
                var gw = gen.Normal([32]).RequireGrad();
                var y = F.GroupNorm(F.Conv2d(x, w, b, padding: 1), 4, gw, null);
                y.Backward(gen.Normal(y.Shape.ToArray()));
                return [.. y.ToArray(), .. x.Grad!.ToArray(), .. w.Grad!.ToArray(), .. b.Grad!.ToArray(), .. gw.Grad!.ToArray()];
            }
            finally { EngineSettings.Threads = saved; }
        }
        Assert.Equal(Run(1), Run(2));
    }

    [Fact]
    public void ShapesOfAUNetStage()
    {
        var gen = new Generator(1);
        var x = gen.Normal([2, 3, 16, 16]);
        var down = new Conv2d(3, 8, 3, gen, stride: 2, padding: 1).Forward(x);
        Assert.Equal([2, 8, 8, 8], down.Shape.ToArray());
        Assert.Equal([2, 8, 16, 16], F.UpsampleNearest(down).Shape.ToArray());
        Assert.Equal([2, 8, 4, 4], F.AvgPool2d(down).Shape.ToArray());
        var normed = new GroupNorm(4, 8).Forward(down);
        // With weight 1 and bias 0 each (image, group) comes out with mean 0 and variance 1.
        var g = normed.Slice(0, 1, 2).Slice(1, 2, 4).Contiguous().AsSpan();
        double mean = 0, sq = 0;
        foreach (var v in g) { mean += v; sq += v * (double)v; }
        mean /= g.Length;
        Assert.Equal(0, mean, 4);
        Assert.Equal(1, sq / g.Length - mean * mean, 3);
    }

    [Fact]
    public void TimestepEmbeddingStartsWithCosinesAndRecordsNothing()
    {
        var e = F.TimestepEmbedding([0f, 3f], 8);
        Assert.Equal([1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f], e.Slice(0, 0, 1).ToArray());
        Assert.Equal(MathF.Cos(3f), e[1, 0]);
        Assert.Equal(MathF.Sin(3f * MathF.Exp(-MathF.Log(10000f) / 4)), e[1, 5]);
        Assert.False(e.RequiresGrad);
    }

    [Fact]
    public void BadShapesNameTheCulprit()
    {
        var x = Tensor.Zeros(1, 3, 5, 5);
        Assert.Contains("expects 4 input channels", Assert.Throws<ArgumentException>(() => F.Conv2d(x, Tensor.Zeros(2, 4, 3, 3), null)).Message);
        Assert.Contains("larger than the padded input", Assert.Throws<ArgumentException>(() => F.Conv2d(x, Tensor.Zeros(2, 3, 7, 7), null)).Message);
        Assert.Contains("[batch, channels, height, width]", Assert.Throws<ArgumentException>(() => F.Conv2d(Tensor.Zeros(3, 5, 5), Tensor.Zeros(2, 3, 3, 3), null)).Message);
        Assert.Contains("cannot be split into 2 groups", Assert.Throws<ArgumentException>(() => F.GroupNorm(x, 2, Tensor.Ones(3), null)).Message);
        Assert.Contains("not a multiple of the kernel 2", Assert.Throws<ArgumentException>(() => F.AvgPool2d(x)).Message);
        Assert.Contains("must be even", Assert.Throws<ArgumentException>(() => F.TimestepEmbedding([1f], 7)).Message);
    }
}
