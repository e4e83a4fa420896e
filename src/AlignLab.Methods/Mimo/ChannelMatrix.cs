using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Mimo;

/// <summary>
/// A complex Nr×Nt channel held as the real vector the feedback schemes sketch:
/// h = vec([Re H, Im H]) (column-major), i.e. the Re part column by column, then the Im part.
/// Keeping that single layout everywhere means no conversion between the UE, the likelihood and RELAX.
/// </summary>
public sealed class ChannelMatrix
{
    public ChannelMatrix(int rows, int columns)
    {
        if (rows <= 0) throw new ArgumentException($"rows must be positive, got {rows}.", nameof(rows));
        if (columns <= 0) throw new ArgumentException($"columns must be positive, got {columns}.", nameof(columns));
        Rows = rows;
        Columns = columns;
        Vector = new double[2 * rows * columns];
    }

    private ChannelMatrix(int rows, int columns, double[] vector)
    {
        Rows = rows;
        Columns = columns;
        Vector = vector;
    }

    /// <summary>Wraps (does not copy) a real vector of length 2·rows·columns in the h layout.</summary>
    public static ChannelMatrix FromVector(int rows, int columns, double[] h)
    {
        if (rows <= 0 || columns <= 0) throw new ArgumentException($"shape {rows}x{columns} must be positive.");
        if (h.Length != 2 * rows * columns)
            throw new ArgumentException($"channel vector has length {h.Length}, expected 2*{rows}*{columns} = {2 * rows * columns}.", nameof(h));
        return new ChannelMatrix(rows, columns, h);
    }

    public int Rows { get; }
    public int Columns { get; }
    /// <summary>Length of the real vector h: 2·Nr·Nt.</summary>
    public int RealDimension => Vector.Length;
    public double[] Vector { get; }
    public Span<double> Real => Vector.AsSpan(0, Rows * Columns);
    public Span<double> Imaginary => Vector.AsSpan(Rows * Columns);

    public Complex this[int row, int column]
    {
        get => new(Vector[column * Rows + row], Vector[Rows * Columns + column * Rows + row]);
        set
        {
            Vector[column * Rows + row] = value.Real;
            Vector[Rows * Columns + column * Rows + row] = value.Imaginary;
        }
    }

    public double FrobeniusNormSquared() => DenseKernels.SquaredNorm(Vector);

    public ChannelMatrix Clone() => new(Rows, Columns, (double[])Vector.Clone());

    public ChannelMatrix Scaled(double factor)
    {
        var copy = Clone();
        for (int i = 0; i < copy.Vector.Length; i++) copy.Vector[i] *= factor;
        return copy;
    }

    public Matrix<Complex> ToMathNet()
    {
        var m = Matrix<Complex>.Build.Dense(Rows, Columns);
        for (int c = 0; c < Columns; c++)
            for (int r = 0; r < Rows; r++)
                m[r, c] = this[r, c];
        return m;
    }

    public static ChannelMatrix FromMathNet(Matrix<Complex> m)
    {
        var h = new ChannelMatrix(m.RowCount, m.ColumnCount);
        for (int c = 0; c < m.ColumnCount; c++)
            for (int r = 0; r < m.RowCount; r++)
                h[r, c] = m[r, c];
        return h;
    }
}
