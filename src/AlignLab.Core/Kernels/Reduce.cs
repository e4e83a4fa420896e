using System.Numerics.Tensors;

namespace AlignLab.Core.Kernels;

/// <summary>Sums with double accumulation: float blocks of 256 (vectorised, tiny error) summed in double.</summary>
public static class Reduce
{
    private const int Block = 256;

    public static double Sum(ReadOnlySpan<float> x)
    {
        double s = 0;
        int i = 0;
        for (; i + Block <= x.Length; i += Block) s += TensorPrimitives.Sum(x.Slice(i, Block));
        if (i < x.Length) s += TensorPrimitives.Sum(x[i..]);
        return s;
    }

    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        double s = 0;
        int i = 0;
        for (; i + Block <= x.Length; i += Block) s += TensorPrimitives.SumOfSquares(x.Slice(i, Block));
        if (i < x.Length) s += TensorPrimitives.SumOfSquares(x[i..]);
        return s;
    }

    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double s = 0;
        int i = 0;
        for (; i + Block <= x.Length; i += Block) s += TensorPrimitives.Dot(x.Slice(i, Block), y.Slice(i, Block));
        if (i < x.Length) s += TensorPrimitives.Dot(x[i..], y[i..]);
        return s;
    }
}
