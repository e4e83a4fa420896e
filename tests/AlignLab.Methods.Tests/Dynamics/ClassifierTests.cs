using AlignLab.Core;
using AlignLab.Methods.Dynamics;

namespace AlignLab.Methods.Tests.Dynamics;

public class ClassifierTests
{
    public static TheoryData<AttentionKernel, ClassifierLoss> Cases() => new()
    {
        { AttentionKernel.Softmax, ClassifierLoss.CrossEntropy },
        { AttentionKernel.Gaussian, ClassifierLoss.CrossEntropy },
        { AttentionKernel.Gaussian, ClassifierLoss.Squared },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesCentralDifferencesThroughTwoLayers(AttentionKernel kernel, ClassifierLoss loss)
    {
        var config = new ClassifierConfig
        {
            Vocabulary = 5, Tokens = 4, EmbeddingDim = 6, Heads = 2, KeyDim = 3, Layers = 2, Hidden = 5, Classes = 3,
            Kernel = kernel, Loss = loss,
        };
        var model = new AttentionClassifier(config);
        var random = new Generator(9);
        var p = model.Initialize(random);
        // Larger weights than the init so every ReLU and the attention are in a non-trivial regime.
        for (int i = 0; i < p.Length; i++) p[i] += 0.3 * random.NextGaussian();
        int[] tokens = [0, 3, 3, 1];
        const int label = 2;

        var grad = new double[p.Length];
        model.Forward(p, tokens, label);
        model.Backward(p, tokens, grad);
        var numeric = GradientCheckTests.CentralDifferences(w => model.Forward(w, tokens, label).Loss, p);
        GradientCheckTests.AssertClose(numeric, grad, $"classifier {kernel} {loss}");
    }

    [Fact]
    public void TextTaskIsBalancedAndPlantsThePairAtTheLabelledDistance()
    {
        var set = CooccurrenceTextTask.Generate(200, 32, 16, 4, new Generator(1));
        Assert.Equal(0.5, set.PositiveFraction());
        for (int e = 0; e < set.Count; e++)
        {
            var s = set.Sequence(e);
            int a = s.IndexOf(CooccurrenceTextTask.SymbolA), b = s.IndexOf(CooccurrenceTextTask.SymbolB);
            Assert.True(a >= 0 && b >= 0 && s.LastIndexOf(CooccurrenceTextTask.SymbolA) == a && s.LastIndexOf(CooccurrenceTextTask.SymbolB) == b);
            Assert.Equal(set.Labels[e] == 1, Math.Abs(a - b) <= 4);
        }
    }

    [Fact]
    public void PathfinderLabelsAgreeWithConnectivityAndBothClassesHaveTwoDots()
    {
        const int side = 10;
        var set = PathfinderLiteTask.Generate(100, side, new Generator(2));
        Assert.Equal(0.5, set.PositiveFraction());
        for (int e = 0; e < set.Count; e++)
        {
            var image = set.Sequence(e);
            int first = image.IndexOf(PathfinderLiteTask.DotPixel), second = image.LastIndexOf(PathfinderLiteTask.DotPixel);
            Assert.True(first >= 0 && second > first);
            Assert.Equal(set.Labels[e] == 1, PathfinderLiteTask.Connected(image, side, first, second));
            int pathPixels = 0;
            foreach (int pixel in image) if (pixel != PathfinderLiteTask.Background) pathPixels++;
            Assert.True(pathPixels >= 2 * (side / 2), $"example {e}: only {pathPixels} path pixels");
        }
    }
}
