using AlignLab.Core;
using AlignLab.Core.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// The matrix C = [S_1X_1; …; S_NX_N] (heads side by side: N·n rows, H·D columns) of Theorem 1: for fixed
/// attention the model is linear in W_V through C, so σ_min(C)² is the PL constant of the W_V sub-problem.
/// </summary>
public static class StackedAttentionOutputs
{
    public static Matrix<double> Build(RegressionData data, AttentionShape shape, AttentionKernel kernel, double[] parameters)
    {
        ArgumentNullException.ThrowIfNull(data);
        var w = new AttentionParameters(shape, parameters);
        var layer = new AttentionLayer(shape, kernel, data.Tokens);
        var output = new double[data.Tokens * shape.OutputDim];
        int n = data.Tokens, D = shape.EmbeddingDim;
        var c = Matrix<double>.Build.Dense(data.Sequences * n, shape.Heads * D);
        var row = new double[D];
        for (int i = 0; i < data.Sequences; i++)
        {
            var x = data.Input(i);
            layer.Forward(x, n, w, output);
            for (int h = 0; h < shape.Heads; h++)
            {
                var sh = layer.Attention(h);
                for (int j = 0; j < n; j++)
                {
                    Array.Clear(row);
                    for (int t = 0; t < n; t++) DenseKernels.Axpy(sh[j * n + t], x.Slice(t * D, D), row);
                    for (int m = 0; m < D; m++) c[i * n + j, h * D + m] = row[m];
                }
            }
        }
        return c;
    }

    /// <summary>
    /// σ_min as a map onto R^{rows}: √λ_min(C Cᵀ), which is 0 when C has fewer columns than rows (D &lt; Nn),
    /// and σ_max.
    /// </summary>
    public static (double SigmaMin, double SigmaMax) Extremes(Matrix<double> c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var singular = c.Svd(computeVectors: false).S;
        double max = singular[0];
        double min = c.ColumnCount < c.RowCount ? 0.0 : singular[c.RowCount - 1];
        return (min, max);
    }

    /// <summary>
    /// ½‖(I − P_C) y‖²: the best loss reachable by training W_V alone (one head output, scalar targets),
    /// the plateau of the under-parameterised case.
    /// </summary>
    public static double LeastSquaresLoss(Matrix<double> c, ReadOnlySpan<double> targets)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (targets.Length != c.RowCount)
            throw new ArgumentException($"targets: expected {c.RowCount} values, got {targets.Length}", nameof(targets));
        var svd = c.Svd(computeVectors: true);
        var s = svd.S;
        double tolerance = s[0] * Math.Max(c.RowCount, c.ColumnCount) * 1e-15;
        var residual = Vector<double>.Build.Dense(targets.ToArray());
        for (int r = 0; r < s.Count && s[r] > tolerance; r++)
        {
            var u = svd.U.Column(r);
            residual -= u * u.DotProduct(residual);
        }
        return 0.5 * residual.DotProduct(residual);
    }
}
