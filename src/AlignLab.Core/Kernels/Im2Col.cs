using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace AlignLab.Core.Kernels;

/// <summary>
/// Unfolds one image [C, H, W] into the column matrix a 2-D convolution multiplies by its weight, and folds it back.
/// Row (c·kh + i)·kw + j, column oy·ow + ox holds x[c, oy·s − p + i, ox·s − p + j] (zero outside the image), so the
/// weight [O, C, kh, kw] read as [O, C·kh·kw] times the columns is the convolution (PyTorch's cross-correlation).
/// </summary>
public static class Im2Col
{
    public static int OutputSize(int size, int kernel, int stride, int padding) => (size + 2 * padding - kernel) / stride + 1;

    public static void Unfold(ReadOnlySpan<float> x, int c, int h, int w, int kh, int kw, int stride, int pad, Span<float> cols)
        // Unfolding only reads the image: the writable view exists so both directions share one walk.
        => Walk(fold: false, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(x), x.Length), c, h, w, kh, kw, stride, pad, cols);

    /// <summary>The adjoint of <see cref="Unfold"/>: adds every column entry back onto the pixel it was read from.</summary>
    public static void FoldAdd(ReadOnlySpan<float> cols, int c, int h, int w, int kh, int kw, int stride, int pad, Span<float> dx)
        => Walk(fold: true, dx, c, h, w, kh, kw, stride, pad, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(cols), cols.Length));

    /// <summary>Visits every (column row, output row) pair once; unfolding copies image → columns (zeros outside), folding adds columns → image.</summary>
    private static void Walk(bool fold, Span<float> image, int c, int h, int w, int kh, int kw, int stride, int pad, Span<float> cols)
    {
        int oh = OutputSize(h, kh, stride, pad), ow = OutputSize(w, kw, stride, pad), plane = oh * ow;
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < kh; i++)
                for (int j = 0; j < kw; j++)
                {
                    var row = cols.Slice(((ch * kh + i) * kw + j) * plane, plane);
                    var (lo, hi) = ValidRange(j, stride, pad, w, ow);
                    for (int oy = 0; oy < oh; oy++)
                    {
                        var seg = row.Slice(oy * ow, ow);
                        int iy = oy * stride - pad + i;
                        bool inside = iy >= 0 && iy < h && lo <= hi;
                        if (!fold && !inside) { seg.Clear(); continue; }
                        if (!inside) continue;
                        var img = image.Slice((ch * h + iy) * w);
                        if (!fold) { seg[..lo].Clear(); seg[(hi + 1)..].Clear(); }
                        if (stride == 1)
                        {
                            var pix = img.Slice(lo - pad + j, hi - lo + 1); var part = seg.Slice(lo, hi - lo + 1);
                            if (fold) TensorPrimitives.Add(pix, part, pix); else pix.CopyTo(part);
                        }
                        else if (fold) for (int ox = lo; ox <= hi; ox++) img[ox * stride - pad + j] += seg[ox];
                        else for (int ox = lo; ox <= hi; ox++) seg[ox] = img[ox * stride - pad + j];
                    }
                }
    }

    /// <summary>Output columns ox whose input column ox·s − p + j lies inside [0, w).</summary>
    private static (int Lo, int Hi) ValidRange(int j, int stride, int pad, int w, int ow)
    {
        int lo = pad - j <= 0 ? 0 : (pad - j + stride - 1) / stride;
        int last = w - 1 + pad - j;   // integer division truncates toward zero, so a negative bound is handled apart
        int hi = last < 0 ? -1 : Math.Min(ow - 1, last / stride);
        return (lo, hi);
    }
}
