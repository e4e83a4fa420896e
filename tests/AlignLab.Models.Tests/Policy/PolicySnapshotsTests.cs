using AlignLab.Core;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Policy;
using AlignLab.Models.Tests.Generation;

namespace AlignLab.Models.Tests.Policy;

public class PolicySnapshotsTests
{
    [Fact]
    public void CloneCopiesEveryWeightWithoutSharingStorage()
    {
        var model = ReferenceModels.Load("gpt2_tiny");
        var copy = PolicySnapshots.Clone(model);
        var ids = new IntTensor([1, 2, 3, 4], 1, 4);
        Assert.Equal(model.Logits(ids).ToArray(), copy.Logits(ids).ToArray());
        Assert.Equal(model.HiddenSize, copy.Hidden(ids).Shape[2]);
        copy.Module.Parameters().First().AsSpan()[0] += 1f;
        Assert.NotEqual(model.Module.Parameters().First().AsSpan()[0], copy.Module.Parameters().First().AsSpan()[0]);
    }

    [Fact]
    public void SaveRoundWritesALoadableModelDirectoryPerRound()
    {
        var model = ReferenceModels.Load("llama_tiny");
        string root = Path.Combine(Path.GetTempPath(), "alignlab-rounds-" + Guid.NewGuid().ToString("N"));
        try
        {
            var head = new RewardHead(model.HiddenSize, new Generator(1));
            string dir = PolicySnapshots.SaveRound(root, 3, model, new Dictionary<string, Core.Modules.Module> { ["reward_head"] = head });
            Assert.Equal(Path.Combine(root, "round-03"), dir);
            Assert.True(File.Exists(Path.Combine(dir, "reward_head.safetensors")));
            var ids = new IntTensor([5, 6, 7], 1, 3);
            Assert.Equal(model.Logits(ids).ToArray(), HfCheckpoint.Load(dir).Logits(ids).ToArray());
        }
        finally { if (Directory.Exists(root)) Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void KeepStopTokenReturnsTheStopIdAndEndsDecodingOnceEveryRowStopped()
    {
        var model = ReferenceModels.Load("llama_tiny");
        int[][] prompts = [[3, 17, 42, 8], [11, 2]];
        var options = new GenerationOptions { MaxNewTokens = 12, Temperature = 1f, StopIds = Enumerable.Range(0, 40).ToArray() };
        var dropped = TextGenerator.Generate(model, prompts, options, new Generator(4));
        var kept = TextGenerator.Generate(model, prompts, options with { KeepStopToken = true }, new Generator(4));
        for (int r = 0; r < prompts.Length; r++)
        {
            bool stopped = kept[r].Length > 0 && options.StopIds.Contains(kept[r][^1]);
            Assert.Equal(dropped[r], stopped ? kept[r][..^1] : kept[r]);
        }
    }
}
