using AlignLab.Core;
using AlignLab.Core.Modules;
using AlignLab.Models.Generation;

namespace AlignLab.Models.Tests.Generation;

public class GenerationTests
{
    public static TheoryData<string, string> Models() => new() { { "gpt2_tiny", "gpt2_tiny_ref_greedy.safetensors" }, { "llama_tiny", "llama_tiny_ref.safetensors" } };

    [Theory, MemberData(nameof(Models))]
    public void CachedAndUncachedGreedyEqualThePyTorchContinuation(string dir, string file)
    {
        var model = ReferenceModels.Load(dir);
        var (prompt, expected) = ReferenceModels.Greedy(file);
        var options = new GenerationOptions { MaxNewTokens = expected.Length };
        Assert.Equal(expected, TextGenerator.Generate(model, prompt, options));
        Assert.Equal(expected, TextGenerator.Generate(model, prompt, options with { UseCache = false }));
    }

    [Theory, MemberData(nameof(Models))]
    public void CachedLogitsEqualFullRecomputeLogits(string dir, string _)
    {
        var model = ReferenceModels.Load(dir);
        var ids = new[] { 3, 14, 15, 92, 65, 35, 89, 79 };
        using var noGrad = GradMode.NoGrad();
        var full = model.Logits(new IntTensor(ids, 1, 8)).ToArray();
        var cache = new KvCache(model.LayerCount);
        var first = model.Logits(new IntTensor(ids[..5], 1, 5), cache).ToArray();
        Assert.Equal(5, cache.Length);
        var parts = new List<float>(first);
        for (int i = 5; i < 8; i++) parts.AddRange(model.Logits(new IntTensor([ids[i]], 1, 1), cache).ToArray());
        Assert.Equal(8, cache.Length);
        for (int i = 0; i < full.Length; i++) Assert.True(Math.Abs(full[i] - parts[i]) <= 1e-4f, $"logit {i}: {full[i]} vs cached {parts[i]}");
    }

    [Theory, MemberData(nameof(Models))]
    public void LastOnlyLogitsAreTheLastPositionsLogits(string dir, string _)
    {
        var model = ReferenceModels.Load(dir);
        var ids = new IntTensor([3, 14, 15, 92, 65, 35, 89, 79, 1, 2, 3, 4, 5, 6, 7, 8], 2, 8);
        using var noGrad = GradMode.NoGrad();
        var full = model.Logits(ids);
        var last = model.Logits(ids, lastOnly: true);
        int v = model.VocabSize;
        Assert.Equal(new[] { 2, 1, v }, last.Shape.ToArray());
        for (int row = 0; row < 2; row++)
        {
            var expected = full.ToArray().AsSpan((row * 8 + 7) * v, v).ToArray();
            var actual = last.ToArray().AsSpan(row * v, v).ToArray();
            for (int i = 0; i < v; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"row {row} logit {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Theory, MemberData(nameof(Models))]
    public void ALeftPaddedRowGivesTheLogitsOfItsPromptAlone(string dir, string _)
    {
        var model = ReferenceModels.Load(dir);
        int[] shortPrompt = [3, 14, 15, 92, 65], longPrompt = [35, 89, 79, 32, 38, 46, 26, 43];
        using var noGrad = GradMode.NoGrad();
        var cache = new KvCache(model.LayerCount, leftPadding: [3, 0]);
        var batch = model.Logits(new IntTensor([0, 0, 0, .. shortPrompt, .. longPrompt], 2, 8), cache);
        var next = model.Logits(new IntTensor([7, 9], 2, 1), cache);
        int v = model.VocabSize;
        foreach (var (row, prompt) in new[] { (0, shortPrompt), (1, longPrompt) })
        {
            var alone = new KvCache(model.LayerCount);
            var first = model.Logits(new IntTensor(prompt, 1, prompt.Length), alone).ToArray()[^v..];
            var second = model.Logits(new IntTensor([row == 0 ? 7 : 9], 1, 1), alone).ToArray();
            var batchFirst = batch.ToArray().AsSpan((row * 8 + 7) * v, v).ToArray();
            var batchSecond = next.ToArray().AsSpan(row * v, v).ToArray();
            for (int i = 0; i < v; i++)
            {
                Assert.True(Math.Abs(first[i] - batchFirst[i]) <= 1e-4f, $"row {row} prompt logit {i}: {first[i]} vs padded {batchFirst[i]}");
                Assert.True(Math.Abs(second[i] - batchSecond[i]) <= 1e-4f, $"row {row} next logit {i}: {second[i]} vs padded {batchSecond[i]}");
            }
        }
    }

    [Theory, MemberData(nameof(Models))]
    public void SeveralPromptsOfDifferentLengthsAtOnceEqualEachPromptAlone(string dir, string _)
    {
        var model = ReferenceModels.Load(dir);
        int[][] prompts = [[1, 2, 3], [40, 50, 60], [7, 8, 9, 10, 11], [4, 5, 6]];
        var options = new GenerationOptions { MaxNewTokens = 6 };
        var together = TextGenerator.Generate(model, prompts, options);
        for (int i = 0; i < prompts.Length; i++) Assert.Equal(TextGenerator.Generate(model, prompts[i], options), together[i]);
    }

    [Fact]
    public void StopIdEndsTheSequenceWithoutBeingReturned()
    {
        var model = ReferenceModels.Load("llama_tiny");
        var (prompt, expected) = ReferenceModels.Greedy("llama_tiny_ref.safetensors");
        int stop = expected[7];
        int first = Array.IndexOf(expected, stop);
        var output = TextGenerator.Generate(model, prompt, new GenerationOptions { MaxNewTokens = 20, StopIds = [stop] });
        Assert.Equal(expected[..first], output);
    }

    [Fact]
    public void SamplingIsSeededAndTopKOneIsGreedy()
    {
        var model = ReferenceModels.Load("llama_tiny");
        var (prompt, expected) = ReferenceModels.Greedy("llama_tiny_ref.safetensors");
        var options = new GenerationOptions { MaxNewTokens = 20, Temperature = 1.5f };
        var a = TextGenerator.Generate(model, prompt, options, new Generator(5));
        Assert.Equal(a, TextGenerator.Generate(model, prompt, options, new Generator(5)));
        Assert.NotEqual(a, TextGenerator.Generate(model, prompt, options, new Generator(6)));
        Assert.NotEqual(expected, a);
        Assert.Equal(expected, TextGenerator.Generate(model, prompt, options with { TopK = 1 }, new Generator(7)));
        Assert.Equal(expected, TextGenerator.Generate(model, prompt, options with { TopP = 1e-6f }, new Generator(8)));
        Assert.Throws<ArgumentException>(() => TextGenerator.Generate(model, prompt, options));
    }

    [Fact]
    public void ForwardHookFiresAtEveryCachedPosition()
    {
        var model = ReferenceModels.Load("llama_tiny");
        var (prompt, expected) = ReferenceModels.Greedy("llama_tiny_ref.safetensors");
        var steer = new Generator(11).Normal([64], 0, 3f);
        var layer = model.Module.GetSubmodule("model.layers.0");
        var options = new GenerationOptions { MaxNewTokens = 20 };
        int calls = 0;
        using (layer.RegisterForwardHook((_, _, output) => { calls++; return output + steer; }))
        {
            var cached = TextGenerator.Generate(model, prompt, options);
            Assert.Equal(20, calls); // the prompt once, then one call per new token
            Assert.NotEqual(expected, cached);
            // Without the cache every position is recomputed with the hook, so equality means no cached step skipped it.
            Assert.Equal(TextGenerator.Generate(model, prompt, options with { UseCache = false }), cached);
        }
        Assert.Equal(expected, TextGenerator.Generate(model, prompt, options));
    }
}
