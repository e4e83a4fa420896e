using AlignLab.Reports;
using AlignLab.Reports.Plots;

namespace AlignLab.Methods.Dynamics;

/// <summary>B4's figures: test accuracy and test loss per epoch, mean ± std over seeds, per task.</summary>
internal static class ClassificationFigures
{
    public static List<Figure> Build(ClassificationResult result)
    {
        var s = result.Settings;
        var epochs = Enumerable.Range(0, s.Epochs + 1).Select(e => (double)e).ToArray();
        var figures = new List<Figure>();
        foreach (var task in s.Tasks)
        {
            string name = ClassificationExperiment.TaskName(task);
            var accuracy = new LinePlot { Title = $"{name}: test accuracy", XLabel = "epoch", YLabel = "test accuracy (%)" };
            var loss = new LinePlot { Title = $"{name}: test loss", XLabel = "epoch", YLabel = s.Loss == ClassifierLoss.CrossEntropy ? "cross-entropy" : "squared loss" };
            foreach (var kernel in s.Kernels)
            {
                var (acc, accStd) = result.MeanStd(task, kernel, c => c.TestAccuracy);
                var (l, lStd) = result.MeanStd(task, kernel, c => c.TestLoss);
                accuracy.Series.Add(new Series(kernel.Name(), epochs, acc.Select(a => 100 * a).ToArray(), accStd.Select(a => 100 * a).ToArray()));
                loss.Series.Add(new Series(kernel.Name(), epochs, l, lStd));
            }
            accuracy.HorizontalLines.Add((100 * s.TargetAccuracy(task), "target"));
            accuracy.HorizontalLines.Add((50, "chance"));
            figures.Add(new Figure($"{name}-accuracy", $"{name}: mean ± std over {s.Seeds.Count} seeds of the test accuracy (epoch 0 = initialisation).", accuracy.ToSvg()));
            figures.Add(new Figure($"{name}-loss", $"{name}: mean ± std over {s.Seeds.Count} seeds of the test loss.", loss.ToSvg()));
        }
        return figures;
    }
}
