using AlignLab.Models.Tokenizers;

namespace AlignLab.Server.Tests;

public class StartupTests
{
    [Fact]
    public async Task ATokenizerLargerThanTheModelIsRefused()
    {
        var (model, _) = TinyModel.Load();
        var big = new ByteLevelBpeTokenizer(BpeTrainer.Train(["x"], new BpeTrainerOptions(model.VocabSize + 1,
            SpecialTokens: [.. Enumerable.Range(0, model.VocabSize + 1 - 256).Select(i => $"<s{i}>")])));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => OpenAiServer.StartAsync(model, big, new ServerOptions { Port = 0 }));
        Assert.Contains("vocabulary", ex.Message);
    }

    [Fact]
    public async Task BadHostsAndTakenPortsAreClearErrors()
    {
        var (model, tokenizer) = TinyModel.Load();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => OpenAiServer.StartAsync(model, tokenizer, new ServerOptions { Host = "example.org", Port = 0 }));
        Assert.Contains("example.org", ex.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => OpenAiServer.StartAsync(model, tokenizer, new ServerOptions { Port = 70000 }));

        await using var first = await OpenAiServer.StartAsync(model, tokenizer, new ServerOptions { Port = 0 });
        var taken = await Assert.ThrowsAsync<IOException>(() => OpenAiServer.StartAsync(model, tokenizer, new ServerOptions { Port = first.Url.Port }));
        Assert.Contains(first.Url.Port.ToString(), taken.Message);
    }
}
