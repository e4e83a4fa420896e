using AlignLab.Reports;
using AlignLab.Reports.Plots;

namespace AlignLab.Methods.Mimo.Experiments;

/// <summary>The NMSE-vs-bits and BGain-vs-bits figures, ours solid with ±1 SE bars, the official figure's dashed.</summary>
internal static class NmseVsBitsFigures
{
    public static IEnumerable<Figure> Build(SweepResult sweep, NmseVsBitsSettings setup, bool headline)
    {
        var x = setup.FeedbackBits.Select(b => (double)b).ToArray();
        string shape = $"{setup.Nr}x{setup.Nt}, K = {setup.Paths}, {setup.BitsPerMeasurement}-bit";

        var nmse = new LinePlot { Title = $"NMSE vs feedback bits ({shape})", XLabel = "feedback bits (R·b)", YLabel = "NMSE (dB)" };
        nmse.Series.AddRange(sweep.Arms.Select(arm => MimoFormat.NmseCurve(arm.Label, x, sweep.Curve(arm))));
        if (headline)
            nmse.Series.AddRange(PaperReference.Nmse.Select(c => new Series("paper: " + c.Key, PaperReference.FeedbackBits.Select(b => (double)b).ToArray(),
                                                                            c.Value.Select(ChannelMetrics.ToDb).ToArray(), Dashed: true)));
        yield return new Figure("nmse", $"NMSE (dB of the mean over trials) against feedback bits; {shape}." +
                                        (headline ? " Dashed: the official figure (read off the plot)." : ""), nmse.ToSvg());

        var gain = new LinePlot { Title = $"Beamforming gain vs feedback bits ({shape})", XLabel = "feedback bits (R·b)", YLabel = "BGain ‖Û_Kᴴ H V̂_K‖²" };
        gain.Series.AddRange(sweep.Arms.Select(arm => MimoFormat.Curve(arm.Label, x, sweep.Curve(arm), s => s.StreamGain, s => s.StreamGainError)));
        gain.HorizontalLines.Add((sweep.MeanChannelEnergy(), "mean ‖H‖²_F of the trials"));
        if (headline)
            gain.Series.AddRange(PaperReference.BeamformingGain.GroupBy(g => g.Curve).Select(group =>
                new Series("paper: " + group.Key, group.Select(g => (double)g.Bits).ToArray(), group.Select(g => g.Gain).ToArray(), MarkersOnly: true)));
        yield return new Figure("bgain", $"K-stream beamforming gain against feedback bits; {shape}; the line is the mean channel energy (the ceiling)." +
                                         (headline ? " Markers: values read off the official figure." : ""), gain.ToSvg());
    }
}
