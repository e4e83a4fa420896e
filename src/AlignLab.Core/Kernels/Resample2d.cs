namespace AlignLab.Core.Kernels;

/// <summary>
/// Integer-factor resampling of image planes [H, W]: nearest-neighbour upsampling (each pixel becomes an s×s block)
/// and average pooling over non-overlapping s×s blocks. Each is the other's adjoint up to the factor 1/s².
/// </summary>
public static class Resample2d
{
    /// <summary>dst[y, x] = src[y / s, x / s] (dst is [h·s, w·s]).</summary>
    public static void Upsample(ReadOnlySpan<float> src, int h, int w, int s, Span<float> dst)
    {
        int ow = w * s;
        for (int y = 0; y < h; y++)
        {
            var row = dst.Slice(y * s * ow, ow);
            var sr = src.Slice(y * w, w);
            for (int x = 0; x < w; x++) row.Slice(x * s, s).Fill(sr[x]);
            for (int r = 1; r < s; r++) row.CopyTo(dst.Slice((y * s + r) * ow, ow));
        }
    }

    /// <summary>dst[y, x] = scale · Σ over the s×s block of src at (y, x) (src is [h·s, w·s], dst [h, w]).</summary>
    public static void BlockSum(ReadOnlySpan<float> src, int h, int w, int s, float scale, Span<float> dst)
    {
        int iw = w * s;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                float acc = 0;
                for (int r = 0; r < s; r++)
                {
                    var seg = src.Slice((y * s + r) * iw + x * s, s);
                    for (int k = 0; k < s; k++) acc += seg[k];
                }
                dst[y * w + x] = acc * scale;
            }
    }
}
