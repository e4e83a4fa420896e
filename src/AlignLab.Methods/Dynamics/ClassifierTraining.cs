using AlignLab.Core;
using AlignLab.Core.Numerics;

namespace AlignLab.Methods.Dynamics;

/// <summary>Per-epoch record of one classifier run (index 0 = before training).</summary>
public sealed record ClassifierCurve(double[] TrainLoss, double[] TestLoss, double[] TestAccuracy);

/// <summary>Minibatch Adam training of an <see cref="AttentionClassifier"/> with a test evaluation per epoch.</summary>
public static class ClassifierTraining
{
    public static ClassifierCurve Train(AttentionClassifier model, double[] parameters, ClassificationSet train, ClassificationSet test,
                                        int epochs, int batchSize, double learningRate, Generator random, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(random);
        if (epochs < 0 || batchSize <= 0) throw new ArgumentException($"epochs={epochs} must be ≥ 0 and batchSize={batchSize} positive");
        var trainLoss = new double[epochs + 1];
        var testLoss = new double[epochs + 1];
        var testAccuracy = new double[epochs + 1];
        (trainLoss[0], _) = Evaluate(model, parameters, train);
        (testLoss[0], testAccuracy[0]) = Evaluate(model, parameters, test);
        var adam = new Float64Adam(parameters.Length, learningRate);
        var grad = new double[parameters.Length];
        var order = new int[train.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(order);
            double sum = 0;
            for (int start = 0; start < order.Length; start += batchSize)
            {
                cancel.ThrowIfCancellationRequested();
                int end = Math.Min(start + batchSize, order.Length);
                Array.Clear(grad);
                double scale = 1.0 / (end - start);
                for (int b = start; b < end; b++)
                {
                    int e = order[b];
                    var tokens = train.Sequence(e);
                    sum += model.Forward(parameters, tokens, train.Labels[e]).Loss;
                    model.Backward(parameters, tokens, grad, scale);
                }
                adam.Step(parameters, grad);
            }
            // Mean loss over the epoch's minibatches (the usual "train loss" of a training log).
            trainLoss[epoch] = sum / order.Length;
            (testLoss[epoch], testAccuracy[epoch]) = Evaluate(model, parameters, test);
        }
        return new ClassifierCurve(trainLoss, testLoss, testAccuracy);
    }

    /// <summary>Mean loss and accuracy over a set.</summary>
    public static (double Loss, double Accuracy) Evaluate(AttentionClassifier model, double[] parameters, ClassificationSet set)
    {
        double loss = 0;
        int correct = 0;
        for (int e = 0; e < set.Count; e++)
        {
            var (l, ok) = model.Forward(parameters, set.Sequence(e), set.Labels[e]);
            loss += l;
            if (ok) correct++;
        }
        return (loss / set.Count, (double)correct / set.Count);
    }
}
