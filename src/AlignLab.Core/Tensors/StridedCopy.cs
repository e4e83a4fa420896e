namespace AlignLab.Core;

/// <summary>Copies between a strided view and contiguous memory, innermost axis in a tight loop.</summary>
internal static class StridedCopy
{
    /// <summary>dst[i] = view element i in row-major order.</summary>
    public static void Gather(Tensor view, Span<float> dst)
        => Walk(view.Shape, view.Strides, view.Offset, view.Storage, dst, gather: true);

    /// <summary>view element i = src[i] in row-major order.</summary>
    public static void Scatter(ReadOnlySpan<float> src, Tensor view)
        => Walk(view.Shape, view.Strides, view.Offset, view.Storage, MemoryMarshalHelper.AsWritable(src), gather: false);

    private static void Walk(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, int offset, float[] storage, Span<float> flat, bool gather)
    {
        int rank = shape.Length;
        if (rank == 0) { if (gather) flat[0] = storage[offset]; else storage[offset] = flat[0]; return; }
        int inner = shape[rank - 1], innerStride = strides[rank - 1];
        int outer = flat.Length / Math.Max(inner, 1);
        Span<int> idx = stackalloc int[rank];
        int pos = offset;
        for (int o = 0; o < outer; o++)
        {
            var row = flat.Slice(o * inner, inner);
            if (innerStride == 1)
            {
                if (gather) storage.AsSpan(pos, inner).CopyTo(row); else row.CopyTo(storage.AsSpan(pos, inner));
            }
            else if (gather) for (int i = 0, p = pos; i < inner; i++, p += innerStride) row[i] = storage[p];
            else for (int i = 0, p = pos; i < inner; i++, p += innerStride) storage[p] = row[i];
            for (int ax = rank - 2; ax >= 0; ax--)
            {
                idx[ax]++;
                pos += strides[ax];
                if (idx[ax] < shape[ax]) break;
                pos -= strides[ax] * shape[ax];
                idx[ax] = 0;
            }
        }
    }
}

internal static class MemoryMarshalHelper
{
    public static Span<float> AsWritable(ReadOnlySpan<float> span)
        => System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(span), span.Length);
}
