using AlignLab.Core;
using AlignLab.Methods.Mimo;
using MathNet.Numerics.LinearAlgebra;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Tests.Mimo;

public class LinearAlgebraTests
{
    private static SensingMatrix RandomSensing(int rows, int columns, int seed)
    {
        var data = new double[rows * columns];
        new Generator((ulong)(seed)).FillNormal(data, 1.0 / Math.Sqrt(rows));
        return new SensingMatrix(rows, columns, data);
    }

    private static Matrix<double> Dense(SensingMatrix m) => Matrix<double>.Build.Dense(m.Rows, m.Columns, (i, j) => m.Data[i * m.Columns + j]);

    [Theory]
    [InlineData(13, 37)]
    [InlineData(16, 96)]
    [InlineData(3, 5)]
    public void GramMatchesTheDenseProductIncludingRemainderRows(int rows, int columns)
    {
        var m = RandomSensing(rows, columns, rows);
        var expected = Dense(m) * Dense(m).Transpose();
        var gram = m.Gram();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < rows; j++)
                Assert.Equal(expected[i, j], gram[i * rows + j], 12);
    }

    [Fact]
    public void CholeskySolveMatchesMathNet()
    {
        int n = 23;
        var m = RandomSensing(n, 40, 2);
        var a = Dense(m) * Dense(m).Transpose() + Matrix<double>.Build.DenseIdentity(n) * 0.5;
        var b = new double[n];
        new Generator(3).FillNormal(b, 1);
        var x = new double[n];
        new CholeskySolver(a.ToRowMajorArray(), n).Solve(b, x);
        var expected = a.Solve(Vector<double>.Build.DenseOfArray(b));
        for (int i = 0; i < n; i++) Assert.Equal(expected[i], x[i], 10);
    }

    [Fact]
    public void CholeskyRejectsAnIndefiniteMatrix()
    {
        var e = Assert.Throws<ArgumentException>(() => new CholeskySolver(new double[] { 1, 2, 2, 1 }, 2));
        Assert.Contains("positive definite", e.Message);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.3, 2.5)]
    public void WoodburyEqualsTheDenseInverse(double rho, double sigma)
    {
        var m = RandomSensing(12, 30, 7);
        var w = new WoodburyInverse(m, rho, sigma);
        var dense = (Dense(m).Transpose() * Dense(m) / (sigma * sigma) + Matrix<double>.Build.DenseIdentity(30) * rho).Inverse();
        var x = new double[30];
        new Generator(8).FillNormal(x, 1);
        var y = new double[30];
        w.Apply(x, y);
        var expected = dense * Vector<double>.Build.DenseOfArray(x);
        for (int i = 0; i < 30; i++) Assert.Equal(expected[i], y[i], 10);
    }

    [Fact]
    public void ComplexAxpyAndMaxMagnitudeMatchScalarArithmetic()
    {
        var rng = new Generator(9);
        int n = 11;
        double[] xr = new double[n], xi = new double[n], yr = new double[n], yi = new double[n];
        rng.FillNormal(xr, 1); rng.FillNormal(xi, 1); rng.FillNormal(yr, 1); rng.FillNormal(yi, 1);
        var expected = Enumerable.Range(0, n).Select(k => new System.Numerics.Complex(yr[k], yi[k]) + new System.Numerics.Complex(0.3, -1.2) * new System.Numerics.Complex(xr[k], xi[k])).ToArray();
        DenseKernels.ComplexAxpy(0.3, -1.2, xr, xi, yr, yi);
        for (int k = 0; k < n; k++) { Assert.Equal(expected[k].Real, yr[k], 13); Assert.Equal(expected[k].Imaginary, yi[k], 13); }
        Assert.Equal(expected.Max(c => c.Magnitude * c.Magnitude), DenseKernels.MaxMagnitudeSquared(yr, yi), 12);
    }

    [Fact]
    public void LargestEigenvalueMatchesMathNet()
    {
        var m = RandomSensing(20, 50, 10);
        var gram = Dense(m) * Dense(m).Transpose();
        double expected = gram.Evd().EigenValues.Max(c => c.Real);
        Assert.Equal(expected, SensingMatrix.LargestEigenvalue(gram.ToRowMajorArray(), 20, 500), 6);
    }
}
