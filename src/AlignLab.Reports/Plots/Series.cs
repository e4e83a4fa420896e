namespace AlignLab.Reports.Plots;

/// <summary>
/// One curve of a <see cref="LinePlot"/>. Points with a NaN or infinite coordinate (or a non-positive one on a log
/// axis) are skipped and break the line there; <paramref name="YError"/> draws symmetric error bars.
/// </summary>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y,
                            IReadOnlyList<double>? YError = null, bool Dashed = false, bool MarkersOnly = false)
{
    internal void Validate()
    {
        if (X.Count != Y.Count)
            throw new ArgumentException($"series '{Name}': X has {X.Count} points but Y has {Y.Count}", nameof(Y));
        if (YError is not null && YError.Count != Y.Count)
            throw new ArgumentException($"series '{Name}': YError has {YError.Count} entries but Y has {Y.Count}", nameof(YError));
    }

    /// <summary>The error at point <paramref name="i"/>, or 0 when there is none or it is not a finite number.</summary>
    internal double ErrorAt(int i) => PlotFrame.ErrorAt(YError, i);
}
