using AlignLab.Reports.Experiments;

namespace AlignLab.Reports;

/// <summary>How a report was produced: shown in <c>report.md</c> and on the index page.</summary>
public sealed record RunInfo(ExperimentSize Size, int Seed, int Threads, double Seconds, DateTimeOffset FinishedUtc);
