namespace AlignLab.Reports.Plots;

/// <summary>
/// One colored group of a <see cref="BarPlot"/> (e.g. a method): one value per category, optional symmetric errors.
/// NaN or infinite values leave their bar out.
/// </summary>
public sealed record BarGroup(string Name, IReadOnlyList<double> Values, IReadOnlyList<double>? Errors = null);
