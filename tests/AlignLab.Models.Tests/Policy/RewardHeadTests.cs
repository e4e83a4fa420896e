using AlignLab.Core;
using AlignLab.Models.Llama;
using AlignLab.Models.Policy;
using AlignLab.Models.Tests.Generation;

namespace AlignLab.Models.Tests.Policy;

public class RewardHeadTests
{
    [Fact]
    public void RewardIsTheScoreOfTheLastRealTokensHiddenStateWhateverThePadding()
    {
        var model = (LlamaModel)ReferenceModels.Load("llama_tiny");
        var head = new RewardHead(64, new Generator(3));
        var batch = CompletionBatch.FromCompletions([[3, 17, 42], [11, 2]], [[5, 6, 7, 8, 9], [9]]);
        Assert.Equal([7, 2], RewardHead.LastPositions(batch));
        var rewards = head.Rewards(model.Hidden(batch.Ids), RewardHead.LastPositions(batch)).ToArray();

        // Row 1 alone, unpadded: w·h_last + b by hand.
        var hidden = model.Hidden(new IntTensor([11, 2, 9], 1, 3)).ToArray().AsSpan(2 * 64, 64);
        var w = head.Score.Weight.ToArray();
        double expected = head.Score.Bias!.Item();
        for (int i = 0; i < 64; i++) expected += w[i] * hidden[i];
        Assert.True(Math.Abs(expected - rewards[1]) < 1e-4, $"{rewards[1]} vs {expected}");
    }

    [Fact]
    public void GradientReachesTheHeadAndTheBackbone()
    {
        var model = (LlamaModel)ReferenceModels.Load("llama_tiny");
        var head = new RewardHead(64, new Generator(3));
        var batch = CompletionBatch.FromCompletions([[3, 17, 42], [11, 2]], [[5, 6], [9]]);
        var r = head.Rewards(model.Hidden(batch.Ids), RewardHead.LastPositions(batch));
        BradleyTerry.Loss(r.Slice(0, 0, 1), r.Slice(0, 1, 2)).Backward();
        Assert.NotNull(head.Score.Weight.Grad);
        Assert.Contains(model.Model.EmbedTokens.Weight.Grad!.ToArray(), g => g != 0);
    }

    [Fact]
    public void BadInputNamesTheField()
    {
        var head = new RewardHead(4, new Generator(1));
        Assert.Contains("hidden", Assert.Throws<ArgumentException>(() => head.Rewards(Tensor.Zeros(2, 3, 5), [0, 0])).Message);
        Assert.Contains("lastPositions", Assert.Throws<ArgumentException>(() => head.Rewards(Tensor.Zeros(2, 3, 4), [0])).Message);
        Assert.Contains("lastPositions", Assert.Throws<ArgumentException>(() => head.Rewards(Tensor.Zeros(2, 3, 4), [0, 3])).Message);
        Assert.Contains("hiddenSize", Assert.Throws<ArgumentException>(() => new RewardHead(0, new Generator(1))).Message);
    }
}
