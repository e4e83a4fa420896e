using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>
/// The weights of one attention layer as a view over a flat double vector (see <see cref="AttentionShape"/>
/// for the layout); a view lets a larger model keep all its weights, and its gradient, in one vector.
/// </summary>
public sealed class AttentionParameters
{
    public AttentionShape Shape { get; }
    public double[] Buffer { get; }
    public int Offset { get; }

    public AttentionParameters(AttentionShape shape) : this(shape, new double[shape.ParameterCount], 0) { }

    public AttentionParameters(AttentionShape shape, double[] buffer, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (offset < 0 || offset + shape.ParameterCount > buffer.Length)
            throw new ArgumentException(
                $"buffer: {buffer.Length} values cannot hold {shape.ParameterCount} parameters at offset {offset}", nameof(buffer));
        Shape = shape;
        Buffer = buffer;
        Offset = offset;
    }

    /// <summary>All weights of the layer, in the order Q, K, V, O.</summary>
    public Span<double> All => Buffer.AsSpan(Offset, Shape.ParameterCount);

    /// <summary>One weight matrix (a single group), all heads.</summary>
    public Span<double> Group(WeightGroups single)
    {
        var (offset, length) = Shape.Block(single);
        return Buffer.AsSpan(Offset + offset, length);
    }

    /// <summary>Stored row <paramref name="row"/> of one matrix, i.e. one column of W_Q, W_K, W_V (head h, column a is row h·d + a) or of W_O.</summary>
    public Span<double> Row(WeightGroups single, int row)
    {
        var (offset, _) = Shape.Block(single);
        int length = Shape.RowLength(single);
        return Buffer.AsSpan(Offset + offset + row * length, length);
    }

    /// <summary>Column <paramref name="column"/> of W_Q^h (stored as a row of length D).</summary>
    public ReadOnlySpan<double> QueryRow(int head, int column) => Row(WeightGroups.Query, head * Shape.KeyDim + column);

    public ReadOnlySpan<double> KeyRow(int head, int column) => Row(WeightGroups.Key, head * Shape.KeyDim + column);

    public ReadOnlySpan<double> ValueRow(int head, int column) => Row(WeightGroups.Value, head * Shape.ValueDim + column);

    /// <summary>Weights of output unit <paramref name="output"/> over the concatenated heads (length H·dv).</summary>
    public ReadOnlySpan<double> OutputRow(int output) => Row(WeightGroups.Output, output);

    /// <summary>
    /// Rows (filters) of the chosen groups as (offset in <see cref="Buffer"/>, length), in layout order.
    /// </summary>
    public List<(int Offset, int Length)> Filters(WeightGroups groups)
    {
        var filters = new List<(int, int)>();
        foreach (var single in Singles)
        {
            if ((groups & single) == 0) continue;
            var (offset, length) = Shape.Block(single);
            int rowLength = Shape.RowLength(single);
            for (int start = 0; start < length; start += rowLength)
                filters.Add((Offset + offset + start, rowLength));
        }
        return filters;
    }

    /// <summary>The four matrices in layout order.</summary>
    public static IReadOnlyList<WeightGroups> Singles { get; } = [WeightGroups.Query, WeightGroups.Key, WeightGroups.Value, WeightGroups.Output];

    /// <summary>Sets W_O to the identity (needs OutputDim = H·dv): the layer's output is then the concatenated heads.</summary>
    public void SetOutputIdentity()
    {
        if (Shape.OutputDim != Shape.ConcatDim)
            throw new ArgumentException(
                $"shape: an identity W_O needs OutputDim = Heads·ValueDim, got {Shape.OutputDim} vs {Shape.ConcatDim}");
        var o = Group(WeightGroups.Output);
        o.Clear();
        for (int i = 0; i < Shape.OutputDim; i++) o[i * Shape.ConcatDim + i] = 1.0;
    }

    /// <summary>Fills one group with i.i.d. N(0, std²) entries.</summary>
    public void FillGaussian(WeightGroups single, double std, Generator random)
    {
        random.FillNormal(Group(single), std);
    }
}
