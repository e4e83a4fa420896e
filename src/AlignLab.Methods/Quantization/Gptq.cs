using AlignLab.Core;
using AlignLab.Core.Kernels;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// GPTQ for one linear layer (Frantar et al.; the form in QuaRot's gptq_utils): with H = 2XᵀX over calibration inputs X
/// (plus 1 % of its mean diagonal as damping), quantize W's columns left to right, each with the per-row grid fixed from
/// the whole row beforehand, and push each column's error, scaled by the upper Cholesky factor U of H⁻¹, onto the columns
/// not yet quantized: w_j −= (w_i − q_i)/U_ii · U_ij. Everything in double precision; no blocking at these sizes.
/// </summary>
public static class Gptq
{
    /// <summary>X [n, in] accumulated into 2XᵀX, in double.</summary>
    public sealed class Hessian(int columns)
    {
        public int Columns { get; } = columns;
        public double[] Values { get; } = new double[columns * columns];
        public long Rows { get; private set; }

        /// <summary>Adds the rows of x [..., in]; the product runs on the engine's GEMM, the sum over batches in double.</summary>
        public void Add(Tensor x)
        {
            using var _ = GradMode.NoGrad();
            var flat = x.Contiguous().Reshape(-1, Columns);
            var xtx = flat.T().MatMul(flat).Contiguous().AsSpan();
            for (int i = 0; i < Values.Length; i++) Values[i] += 2.0 * xtx[i];
            Rows += flat.Shape[0];
        }
    }

    /// <summary>The GPTQ-quantized (dequantized) W [out, in] for Hessian <paramref name="hessian"/>.</summary>
    public static Tensor Quantize(Tensor weight, Hessian hessian, QuantSpec spec, double damping = 0.01)
    {
        int rows = weight.Shape[0], n = weight.Shape[1];
        if (hessian.Columns != n) throw new ArgumentException($"the Hessian is {hessian.Columns} wide but the weight has {n} input columns");
        var w = new double[rows * n];
        var src = weight.Contiguous().AsSpan();
        for (int i = 0; i < w.Length; i++) w[i] = src[i];
        var h = (double[])hessian.Values.Clone();
        // A dead input (never nonzero) carries no error signal: its weights are zeroed and its diagonal made 1, as GPTQ does.
        for (int i = 0; i < n; i++)
            if (h[i * n + i] == 0)
            {
                h[i * n + i] = 1;
                for (int r = 0; r < rows; r++) w[r * n + i] = 0;
            }
        double mean = 0;
        for (int i = 0; i < n; i++) mean += h[i * n + i];
        double damp = damping * mean / n;
        for (int i = 0; i < n; i++) h[i * n + i] += damp;
        var u = UpperCholeskyOfInverse(h, n);

        var scales = new float[rows];
        var zeros = new float[rows];
        var row = new float[n];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < n; i++) row[i] = (float)w[r * n + i];
            (scales[r], zeros[r]) = FakeQuantKernel.Parameters(row, spec.Bits, spec.Symmetric, spec.Clip);
        }
        var q = new float[rows * n];
        for (int i = 0; i < n; i++)
        {
            double d = u[i * n + i];
            for (int r = 0; r < rows; r++)
            {
                double wi = w[r * n + i];
                float qi = scales[r] * (FakeQuantKernel.Code((float)wi, scales[r], zeros[r], spec.Bits, spec.Symmetric) - zeros[r]);
                q[r * n + i] = qi;
                double err = (wi - qi) / d;
                for (int j = i + 1; j < n; j++) w[r * n + j] -= err * u[i * n + j];
            }
        }
        return Tensor.FromArray(q, rows, n);
    }

    /// <summary>Round-to-nearest with the same per-row grid: the baseline GPTQ must beat.</summary>
    public static Tensor RoundToNearest(Tensor weight, QuantSpec spec)
    {
        using var _ = GradMode.NoGrad();
        return spec.Apply(weight);
    }

    /// <summary>‖X Wᵀ − X Qᵀ‖² summed over the calibration rows, from the Hessian: Σ_r (w_r − q_r)ᵀ (H/2) (w_r − q_r).</summary>
    public static double OutputError(Tensor weight, Tensor quantized, Hessian hessian)
    {
        int rows = weight.Shape[0], n = weight.Shape[1];
        var a = weight.Contiguous().AsSpan();
        var b = quantized.Contiguous().AsSpan();
        var e = new double[n];
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < n; i++) e[i] = a[r * n + i] - b[r * n + i];
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += hessian.Values[i * n + j] * e[j];
                total += 0.5 * e[i] * s;
            }
        }
        return total;
    }

    /// <summary>U with UᵀU = H⁻¹ (upper triangular), via H = LLᵀ, H⁻¹ = L⁻ᵀL⁻¹, then the Cholesky factor of H⁻¹.</summary>
    private static double[] UpperCholeskyOfInverse(double[] h, int n)
    {
        var inv = Inverse(Cholesky(h, n), n);
        var l = Cholesky(inv, n);
        var u = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) u[i * n + j] = l[j * n + i];
        return u;
    }

    private static double[] Cholesky(double[] a, int n)
    {
        var l = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                if (i == j)
                {
                    if (s <= 0) throw new InvalidOperationException($"GPTQ: the damped Hessian is not positive definite at column {i}");
                    l[i * n + i] = Math.Sqrt(s);
                }
                else l[i * n + j] = s / l[j * n + j];
            }
        return l;
    }

    /// <summary>(LLᵀ)⁻¹ from the Cholesky factor L.</summary>
    private static double[] Inverse(double[] l, int n)
    {
        // L⁻¹ by forward substitution, then (L⁻¹)ᵀ L⁻¹.
        var li = new double[n * n];
        for (int c = 0; c < n; c++)
            for (int i = c; i < n; i++)
            {
                double s = i == c ? 1 : 0;
                for (int k = c; k < i; k++) s -= l[i * n + k] * li[k * n + c];
                li[i * n + c] = s / l[i * n + i];
            }
        var inv = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = i; k < n; k++) s += li[k * n + i] * li[k * n + j];
                inv[i * n + j] = inv[j * n + i] = s;
            }
        return inv;
    }
}
