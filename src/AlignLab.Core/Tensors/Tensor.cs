using AlignLab.Core.Autograd;

namespace AlignLab.Core;

/// <summary>
/// A dense float32 tensor: a view (shape, strides, offset) over a managed storage array, with reverse-mode autograd.
/// Views share storage; ops that need contiguous memory call <see cref="Contiguous"/>, which copies only when needed.
/// </summary>
public sealed partial class Tensor
{
    internal readonly float[] Storage;
    internal readonly int Offset;
    private readonly int[] _shape;
    private readonly int[] _strides;

    public ReadOnlySpan<int> Shape => _shape;
    public ReadOnlySpan<int> Strides => _strides;
    public int Rank => _shape.Length;
    public int Numel { get; }
    public bool IsContiguous { get; }

    /// <summary>Accumulated gradient of a leaf (or of a tensor that called <see cref="RetainGrad"/>).</summary>
    public Tensor? Grad { get; set; }
    internal Node? GradFn { get; set; }
    internal List<Func<Tensor, Tensor?>>? GradHooks;
    internal bool RetainsGrad;
    private bool _requiresGrad;

    /// <summary>True for leaves that collect gradients and for every tensor computed from one while grad mode is on.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn != null && !value) throw new InvalidOperationException("cannot clear RequiresGrad of a non-leaf tensor; use Detach()");
            _requiresGrad = value;
        }
    }

    public bool IsLeaf => GradFn == null;
    /// <summary>Optional name shown in error messages (parameters get their dotted name).</summary>
    public string? Name { get; set; }

    internal Tensor(float[] storage, int offset, int[] shape, int[] strides)
    {
        Storage = storage;
        Offset = offset;
        _shape = shape;
        _strides = strides;
        Numel = ShapeUtil.Numel(shape);
        IsContiguous = ComputeContiguous(shape, strides);
    }

    private static bool ComputeContiguous(int[] shape, int[] strides)
    {
        int expected = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    internal Tensor(float[] storage, int[] shape) : this(storage, 0, shape, ShapeUtil.ContiguousStrides(shape)) { }

    // ---- construction -------------------------------------------------------------------------------------------

    public static Tensor Zeros(params int[] shape) => new(new float[ShapeUtil.Numel(shape)], (int[])shape.Clone());

    /// <summary>Uninitialised storage, for op outputs that are fully overwritten.</summary>
    internal static Tensor Empty(ReadOnlySpan<int> shape)
        => new(GC.AllocateUninitializedArray<float>(ShapeUtil.Numel(shape)), shape.ToArray());

    public static Tensor Full(float value, params int[] shape)
    {
        var t = Empty(shape);
        t.Storage.AsSpan().Fill(value);
        return t;
    }

    public static Tensor Ones(params int[] shape) => Full(1f, shape);
    public static Tensor ZerosLike(Tensor t) => Zeros(t._shape);
    public static Tensor Scalar(float value) => new(new[] { value }, Array.Empty<int>());

    /// <summary>Copies <paramref name="data"/> into a new tensor of the given shape.</summary>
    public static Tensor FromArray(ReadOnlySpan<float> data, params int[] shape)
    {
        int n = ShapeUtil.Numel(shape);
        if (data.Length != n)
            throw new ArgumentException($"{data.Length} values cannot fill a tensor of shape {ShapeUtil.Format(shape)} ({n} elements)");
        return new Tensor(data.ToArray(), (int[])shape.Clone());
    }

    /// <summary>Wraps an existing array without copying (the tensor aliases it).</summary>
    public static Tensor Wrap(float[] data, params int[] shape)
    {
        if (data.Length != ShapeUtil.Numel(shape))
            throw new ArgumentException($"array of {data.Length} values does not match shape {ShapeUtil.Format(shape)}");
        return new Tensor(data, (int[])shape.Clone());
    }

    public static Tensor Arange(int n)
    {
        var t = Empty([n]);
        for (int i = 0; i < n; i++) t.Storage[i] = i;
        return t;
    }

    // ---- element access -------------------------------------------------------------------------------------------

    /// <summary>The elements of a contiguous tensor (throws for a strided view: call Contiguous() first).</summary>
    public Span<float> AsSpan()
    {
        if (!IsContiguous) throw new InvalidOperationException($"tensor of shape {ShapeUtil.Format(_shape)} is a strided view; call Contiguous() first");
        return Storage.AsSpan(Offset, Numel);
    }

    public float Item()
    {
        if (Numel != 1) throw new InvalidOperationException($"Item() needs a one-element tensor, got shape {ShapeUtil.Format(_shape)}");
        return Storage[Offset];
    }

    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => Storage[FlatIndex(index)];
        set => Storage[FlatIndex(index)] = value;
    }

    private int FlatIndex(int[] index)
    {
        if (index.Length != Rank) throw new ArgumentException($"index of rank {index.Length} for a tensor of rank {Rank}");
        int off = Offset;
        for (int i = 0; i < index.Length; i++)
        {
            int ix = index[i] < 0 ? index[i] + _shape[i] : index[i];
            if ((uint)ix >= (uint)_shape[i]) throw new IndexOutOfRangeException($"index {index[i]} out of range for axis {i} of size {_shape[i]}");
            off += ix * _strides[i];
        }
        return off;
    }

    /// <summary>A contiguous copy of the elements in row-major order.</summary>
    public float[] ToArray()
    {
        if (IsContiguous) return AsSpan().ToArray();
        var result = new float[Numel];
        StridedCopy.Gather(this, result);
        return result;
    }

    public int Size(int axis) => _shape[ShapeUtil.NormalizeAxis(axis, Rank)];

    public override string ToString()
    {
        var head = ToArray().Take(8).Select(v => v.ToString("G5", System.Globalization.CultureInfo.InvariantCulture));
        return $"Tensor{ShapeUtil.Format(_shape)}{(Name is null ? "" : " " + Name)} [{string.Join(", ", head)}{(Numel > 8 ? ", ..." : "")}]";
    }

    // ---- autograd API ---------------------------------------------------------------------------------------------

    /// <summary>A tensor sharing storage but cut from the graph.</summary>
    public Tensor Detach() => new(Storage, Offset, _shape, _strides);

    /// <summary>Keep the gradient of this non-leaf tensor in <see cref="Grad"/> after backward.</summary>
    public void RetainGrad() => RetainsGrad = true;

    /// <summary>Registers a hook called with this tensor's gradient during backward; it may return a replacement.</summary>
    public IDisposable RegisterHook(Func<Tensor, Tensor?> hook)
    {
        if (!RequiresGrad) throw new InvalidOperationException("cannot register a gradient hook on a tensor that does not require grad");
        (GradHooks ??= new()).Add(hook);
        return new HookHandle(() => GradHooks.Remove(hook));
    }

    /// <summary>Back-propagates from this tensor: a scalar gets gradient 1; otherwise pass <paramref name="gradient"/>.</summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false) => Backprop.Run(this, gradient, retainGraph);

    public Tensor RequireGrad() { RequiresGrad = true; return this; }
}
