using AlignLab.Core;
using AlignLab.Models.Corpora;
using AlignLab.Models.Data;
using AlignLab.Models.Tokenizers;
using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Training;

[Collection(TrainingCollection.Name)]
public class MaskingTests
{
    private static readonly ByteLevelBpeTokenizer Tok = TinyTraining.Tokenizer;

    [Fact]
    public void PromptTokensAreMaskedAndTheLossIsTheCompletionCrossEntropy()
    {
        var person = TinyTraining.World.People[0];
        string prompt = $"Question: Where does {person.Name} live?\nAnswer:", completion = $" {person.Name} lives in {person.Home}.";
        var ex = ExampleEncoder.PromptCompletion(prompt, completion, Tok, 64, "test");
        int promptLength = Tok.Encode(prompt).Count;
        Assert.All(ex.Trained[..promptLength], t => Assert.False(t));
        Assert.All(ex.Trained[promptLength..], t => Assert.True(t));
        Assert.Equal(Tok.Encode(completion).Count + 1, ex.TrainedCount); // + <|endoftext|>
        Assert.Equal(Tok.EndOfTextId, ex.Ids[^1]);

        var model = TinyTraining.Gpt2();
        double loss = GradientAccumulation.Loss(model, [Batch.Collate([ex])]);

        // By hand: −log softmax(logits[j])[ids[j+1]] averaged over the completion positions only, in double.
        var logits = model.Logits(new IntTensor(ex.Ids[..^1], 1, ex.Ids.Length - 1)).ToArray();
        int v = model.VocabSize;
        double sum = 0, all = 0;
        for (int j = 0; j + 1 < ex.Ids.Length; j++)
        {
            var row = logits.AsSpan(j * v, v);
            double max = double.NegativeInfinity, z = 0;
            foreach (float x in row) max = Math.Max(max, x);
            foreach (float x in row) z += Math.Exp(x - max);
            double nll = -(row[ex.Ids[j + 1]] - max - Math.Log(z));
            all += nll;
            if (j + 1 >= promptLength) sum += nll;
        }
        int completionCount = ex.Ids.Length - promptLength;
        Assert.Equal(sum / completionCount, loss, 5);
        Assert.NotEqual(all / (ex.Ids.Length - 1), loss, 2); // the unmasked loss is a different number
    }

    [Fact]
    public void ConversationTrainsExactlyTheAssistantReplies()
    {
        List<ChatMessage> messages =
        [
            new("system", "Answer briefly."), new("user", "Who are you?"), new("assistant", "A baker."),
            new("user", "Where?"), new("assistant", "In the hills."),
        ];
        var ex = ExampleEncoder.Conversation(messages, Tok, 256, "test");
        Assert.Equal(Tok.Encode(ChatTemplate.Render(messages)), ex.Ids);
        var trained = ex.Ids.Where((_, i) => ex.Trained[i]).ToArray();
        Assert.Equal("A baker.<|end|>In the hills.<|end|>", Tok.Decode(trained));
    }

    [Fact]
    public void AnExampleWhosePromptFillsTheContextIsAnErrorNamingIt()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            ExampleEncoder.PromptCompletion("a very long prompt that is longer than four tokens", " yes", Tok, 4, "data.jsonl:7"));
        Assert.StartsWith("data.jsonl:7: no completion token", ex.Message);
    }

    [Fact]
    public void CollatePadsWithIgnoredTargets()
    {
        var a = new TrainingExample([1, 2, 3, 4], [false, false, true, true]);
        var b = new TrainingExample([5, 6], [false, true]);
        var batch = Batch.Collate([a, b]);
        Assert.Equal([2, 3], batch.Inputs.Shape.ToArray());
        Assert.Equal([1, 2, 3, 5, 0, 0], batch.Inputs.Data);
        Assert.Equal([-100, 3, 4, 6, -100, -100], batch.Targets.Data);
        Assert.Equal(3, batch.TargetCount);
        Assert.Equal(4, batch.TokenCount);
    }
}
