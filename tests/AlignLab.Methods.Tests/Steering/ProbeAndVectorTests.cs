using AlignLab.Core;
using AlignLab.Methods.Steering;

namespace AlignLab.Methods.Tests.Steering;

public class ProbeAndVectorTests
{
    [Fact]
    public void ObjectiveGradientMatchesFiniteDifferences()
    {
        var gen = new Generator(3);
        var z = Enumerable.Range(0, 12).Select(_ => new[] { gen.NextGaussian(), gen.NextGaussian(), gen.NextGaussian() }).ToList();
        var y = Enumerable.Range(0, 12).Select(i => i % 3).ToList();
        var theta = Enumerable.Range(0, 3 * 3 + 3).Select(_ => 0.3 * gen.NextGaussian()).ToArray();
        var g = new double[theta.Length];
        LogisticProbe.ObjectiveAndGradient(theta, z, y, 3, 0.1, g);
        var scratch = new double[theta.Length];
        for (int j = 0; j < theta.Length; j++)
        {
            var plus = (double[])theta.Clone(); plus[j] += 1e-6;
            var minus = (double[])theta.Clone(); minus[j] -= 1e-6;
            double fd = (LogisticProbe.ObjectiveAndGradient(plus, z, y, 3, 0.1, scratch) - LogisticProbe.ObjectiveAndGradient(minus, z, y, 3, 0.1, scratch)) / 2e-6;
            Assert.Equal(fd, g[j], 6);
        }
    }

    [Fact]
    public void TwoClassOneFeatureFitMatchesABruteForceGrid()
    {
        // Overlapping classes on one feature: a finite optimum. Softmax with 2 classes has one redundant direction,
        // so compare the identifiable quantities: w1 − w0 and b1 − b0, against a grid search of the same objective.
        double[] xs = [-2, -1, -0.5, 0.2, 0.4, 1, 1.5, 2.5, -0.3, 0.8];
        int[] ys = [0, 0, 1, 0, 1, 1, 1, 1, 0, 0];
        var probe = LogisticProbe.Fit(xs.Select(v => new[] { v }).ToList(), ys, 2, new ProbeSettings { L2 = 0, Iterations = 4000, LearningRate = 0.02 });
        var z = xs.Select(v => probe.Standardise([v])).ToList();
        double Loss(double w, double b)
        {
            double sum = 0;
            for (int i = 0; i < z.Count; i++)
            {
                double s = w * z[i][0] + b;
                sum += ys[i] == 1 ? Math.Log(1 + Math.Exp(-s)) : Math.Log(1 + Math.Exp(s));
            }
            return sum / z.Count;
        }
        (double W, double B, double L) best = (0, 0, double.MaxValue);
        for (double w = -5; w <= 5; w += 0.01)
            for (double b = -3; b <= 3; b += 0.01)
            {
                double l = Loss(w, b);
                if (l < best.L) best = (w, b, l);
            }
        var p = probe.Parameters;
        Assert.Equal(best.W, p[1] - p[0], 1);
        Assert.Equal(best.B, p[3] - p[2], 1);
        Assert.True(Loss(p[1] - p[0], p[3] - p[2]) <= best.L + 1e-4);
        var prob = probe.Probabilities([0.4]);
        Assert.Equal(1.0, prob.Sum(), 12);
    }

    [Fact]
    public void ConfidentSelectionKeepsOnlyItemsAboveTheThreshold()
    {
        double[][] x = [[-3], [-2.5], [-2], [2], [2.5], [3]];
        int[] y = [0, 0, 0, 1, 1, 1];
        var probe = LogisticProbe.Fit(x, y, 2, new ProbeSettings { L2 = 0.1 });
        double[][] history = [[3], [0.01], [-3], [2.8]];
        var chosen = DirectionBuilder.ConfidentItems(probe, history, 1, 0.9);
        Assert.Equal([0, 3], chosen);
        var confst = DirectionBuilder.Confst(0, probe, history, 1, x, 1, new DirectionSettings { Threshold = 0.9, Center = false });
        Assert.Equal(2.9, confst.Rows[0, 0], 10);
        var mean = DirectionBuilder.MeanSteering(0, history, x, 1, center: false);
        Assert.Equal((3 + 0.01 - 3 + 2.8) / 4, mean.Rows[0, 0], 10);
        // Threshold 0 is mean steering.
        Assert.Equal(mean.Rows[0, 0], DirectionBuilder.Confst(0, probe, history, 1, x, 1, new DirectionSettings { Threshold = 0, Center = false }).Rows[0, 0], 12);
    }

    [Fact]
    public void SafetensorsRoundTripKeepsNamesValuesModeAndMetadata()
    {
        var v = new float[2, 3] { { 1, -2, 3.5f }, { 0.25f, 0, -1 } };
        var w = new float[1, 3] { { 9, 8, 7 } };
        var vectors = new SteeringVectors(new Dictionary<string, float[,]> { ["h.1"] = v, ["model.layers.0"] = w }, InjectionMode.Front, 3,
            new Dictionary<string, string> { ["method"] = "confst", ["topic"] = "sea" });
        string path = Path.Combine(Path.GetTempPath(), $"alignlab-steer-{Guid.NewGuid():N}.safetensors");
        try
        {
            vectors.Save(path);
            var back = SteeringVectors.Load(path);
            Assert.Equal(InjectionMode.Front, back.Mode);
            Assert.Equal(3, back.Start);
            Assert.Equal("confst", back.Metadata["method"]);
            Assert.Equal("sea", back.Metadata["topic"]);
            Assert.Equal(v, back.Vectors["h.1"]);
            Assert.Equal(w, back.Vectors["model.layers.0"]);
            // Readable by the generic loader as plain F32 tensors named by the point.
            var plain = AlignLab.Core.IO.SafeTensors.Load(path);
            Assert.Equal([2, 3], plain["h.1"].Shape.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ScaledDirectionAddsOneTypicalNormAtAlphaOne()
    {
        var d = new Direction(0, new double[,] { { 3, 0 }, { 1, 0 } }, 1);
        var every = d.Scaled(10, InjectionMode.Every);
        var mean = SteeringVectors.RowMean(every);
        Assert.Equal(10, Math.Sqrt(mean[0] * mean[0] + mean[1] * mean[1]), 4);
        var front = d.Scaled(10, InjectionMode.Front);
        Assert.Equal(10, (Math.Abs(front[0, 0]) + Math.Abs(front[1, 0])) / 2, 4);
    }

    [Fact]
    public void HistoryHasTheRequestedShareOfRelevantDocuments()
    {
        var corpus = new StyleCorpus(StyleModelSpec.World());
        var h = corpus.History(2, 1, 0.3, 100, new Generator(5));
        Assert.Equal(100, h.Count);
        Assert.Equal(30, h.Count(d => d.Topic == 2));
        var prompts = corpus.NeutralPrompts(50, new Generator(6));
        var lexicon = Enumerable.Range(0, StyleCorpus.TopicCount).SelectMany(StyleCorpus.TopicWords).ToHashSet();
        Assert.All(prompts, p => Assert.DoesNotContain(BagOfWordsClassifier.Words(p), lexicon.Contains));
    }
}
