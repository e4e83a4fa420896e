using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Core.Optim;
using AlignLab.Core.Tests;
using AlignLab.Models.Gpt2;

namespace AlignLab.Models.Tests.Gpt2;

/// <summary>The tiny GPT-2 (2 layers, d=64, 4 heads, vocab 97, context 32) against PyTorch: logits, loss, every gradient, 10 AdamW steps.</summary>
public class Gpt2ReferenceTests
{
    private static (Gpt2Model Model, SafeTensorsFile Ref, IntTensor Ids, IntTensor Targets) Setup()
    {
        var model = Gpt2Model.FromPretrained(TestPaths.Reference("gpt2_tiny"));
        var reference = SafeTensorsFile.Open(TestPaths.Reference("gpt2_tiny_step.safetensors"));
        return (model, reference, reference.ReadInts("input_ids"), reference.ReadInts("targets"));
    }

    [Fact]
    public void LogitsLossAndEveryGradientMatchPyTorch()
    {
        var (model, reference, ids, targets) = Setup();
        using var _ = reference;
        var logits = model.Logits(ids);
        Assertions.Close(reference.ReadTensor("logits"), logits, 1e-4f, 1e-5f, "logits");
        var loss = F.CrossEntropy(logits, targets);
        Assert.Equal(reference.ReadTensor("loss").Item(), loss.Item(), 1e-4 * 5);
        loss.Backward();
        var names = model.NamedParameters().Select(p => p.Name).ToList();
        Assert.Equal(reference.Entries.Keys.Where(k => k.StartsWith("grad/")).Select(k => k[5..]).Order(), names.Order());
        foreach (var (name, p) in model.NamedParameters())
            Assertions.Close(reference.ReadTensor($"grad/{name}"), p.Grad!, 1e-3f, 1e-6f, $"gradient of {name}");
    }

    [Fact]
    public void TenAdamWStepsFollowPyTorchLosses()
    {
        var (model, reference, ids, targets) = Setup();
        using var _ = reference;
        var expected = reference.ReadTensor("adamw_losses").ToArray();
        var optimizer = new AdamW(model.Parameters(), learningRate: 1e-3f, weightDecay: 0.01f);
        for (int step = 0; step < expected.Length; step++)
        {
            optimizer.ZeroGrad();
            var loss = model.Loss(ids, targets);
            Assert.True(Math.Abs(loss.Item() - expected[step]) <= 1e-4 * Math.Abs(expected[step]) + 1e-5,
                $"step {step}: loss {loss.Item()} vs PyTorch {expected[step]}");
            loss.Backward();
            optimizer.Step();
        }
        foreach (var (name, p) in model.NamedParameters())
            Assertions.Close(reference.ReadTensor($"after_adamw/{name}"), p, 1e-3f, 1e-5f, $"{name} after 10 AdamW steps");
    }
}
