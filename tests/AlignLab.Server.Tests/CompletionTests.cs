using System.Text.Json;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Server.Tests;

public class CompletionTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    private const string Prompt = "the cat sees";

    /// <summary>What the server asks of the library for a greedy request: the stop id &lt;|endoftext|&gt; is always on.</summary>
    private GenerationOptions Greedy(int maxTokens, params string[] stop) =>
        new() { MaxNewTokens = maxTokens, StopIds = [fx.Tokenizer.EndOfTextId!.Value], StopStrings = stop };

    private TextCompletion Library(string prompt, GenerationOptions options) =>
        TextGenerator.Complete(fx.Model, fx.Tokenizer, [[.. fx.Tokenizer.Encode(prompt)]], options)[0];

    [Fact]
    public async Task ModelsListsTheServedModel()
    {
        var json = JsonDocument.Parse(await fx.Client.GetStringAsync("v1/models")).RootElement;
        Assert.Equal("list", json.GetProperty("object").GetString());
        var model = Assert.Single(json.GetProperty("data").EnumerateArray());
        Assert.Equal(ServerFixture.ModelName, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
    }

    [Fact]
    public async Task GreedyCompletionEqualsTheLibrarysGreedyGenerationWithItsUsage()
    {
        var json = await Http.OkAsync(fx.Client, "v1/completions", new { model = ServerFixture.ModelName, prompt = Prompt, max_tokens = 12, temperature = 0 });
        var ids = fx.Tokenizer.Encode(Prompt).ToArray();
        var expected = TextGenerator.Generate(fx.Model, ids, Greedy(12));
        Assert.NotEmpty(expected);
        Assert.Equal("text_completion", json.GetProperty("object").GetString());
        Assert.StartsWith("cmpl-", json.GetProperty("id").GetString());
        Assert.Equal(ServerFixture.ModelName, json.GetProperty("model").GetString());
        var choice = Assert.Single(json.GetProperty("choices").EnumerateArray());
        Assert.Equal(fx.Tokenizer.Decode(expected), choice.GetProperty("text").GetString());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal(expected.Length == 12 ? "length" : "stop", choice.GetProperty("finish_reason").GetString());
        AssertUsage(json, ids.Length, expected.Length);
    }

    [Fact]
    public async Task TokenIdPromptsAndPromptArraysNumberChoicesPromptMajor()
    {
        const string other = "a dog likes the ball";
        int[] ids = [.. fx.Tokenizer.Encode(Prompt)];
        var single = await Http.OkAsync(fx.Client, "v1/completions", new { model = ServerFixture.ModelName, prompt = ids, max_tokens = 6, temperature = 0 });
        Assert.Equal(Library(Prompt, Greedy(6)).Text, Text(single, 0));

        var several = await Http.OkAsync(fx.Client, "v1/completions",
            new { model = ServerFixture.ModelName, prompt = new object[] { Prompt, fx.Tokenizer.Encode(other) }, max_tokens = 6, temperature = 0, n = 2 });
        var choices = several.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2, 3], choices.Select(c => c.GetProperty("index").GetInt32()));
        string a = Library(Prompt, Greedy(6)).Text, b = Library(other, Greedy(6)).Text;
        Assert.Equal([a, a, b, b], choices.Select(c => c.GetProperty("text").GetString()));
        // Prompt tokens count each prompt once, completion tokens every choice.
        int completion = 2 * (Library(Prompt, Greedy(6)).Ids.Length + Library(other, Greedy(6)).Ids.Length);
        AssertUsage(several, ids.Length + fx.Tokenizer.Encode(other).Count, completion);
    }

    [Fact]
    public async Task StopStringsCutTheTextAndFinishWithStop()
    {
        var full = Library(Prompt, Greedy(30));
        // The latest-starting pair of characters that first occurs where it stands, so the cut is not at the start.
        int at = Enumerable.Range(1, full.Text.Length - 2).Last(i => full.Text.IndexOf(full.Text.Substring(i, 2), StringComparison.Ordinal) == i);
        string stop = full.Text.Substring(at, 2);
        var json = await Http.OkAsync(fx.Client, "v1/completions",
            new { model = ServerFixture.ModelName, prompt = Prompt, max_tokens = 30, temperature = 0, stop = new[] { "never-generated", stop } });
        var choice = json.GetProperty("choices")[0];
        Assert.Equal(full.Text[..at], choice.GetProperty("text").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        AssertUsage(json, fx.Tokenizer.Encode(Prompt).Count, Library(Prompt, Greedy(30, stop)).Ids.Length);

        var single = await Http.OkAsync(fx.Client, "v1/completions", new { model = ServerFixture.ModelName, prompt = Prompt, max_tokens = 30, temperature = 0, stop });
        Assert.Equal(full.Text[..at], Text(single, 0));
    }

    [Fact]
    public async Task SeededSamplingRepeatsAndDiffersAcrossSeeds()
    {
        object Request(int seed) => new { model = ServerFixture.ModelName, prompt = Prompt, max_tokens = 16, temperature = 1.0, top_k = 50, seed };
        string a = Text(await Http.OkAsync(fx.Client, "v1/completions", Request(1)), 0);
        Assert.Equal(a, Text(await Http.OkAsync(fx.Client, "v1/completions", Request(1)), 0));
        Assert.NotEqual(a, Text(await Http.OkAsync(fx.Client, "v1/completions", Request(2)), 0));
        Assert.NotEqual(Library(Prompt, Greedy(16)).Text, a);
    }

    [Fact]
    public async Task ChatCompletionRendersTheTemplateAndStopsAtTheEndMarker()
    {
        var messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "the cat sees" } };
        var json = await Http.OkAsync(fx.Client, "v1/chat/completions", new { model = ServerFixture.ModelName, messages, max_tokens = 10, temperature = 0 });
        var prompt = fx.Tokenizer.Encode(ChatTemplate.Render([new ChatMessage("system", "Be brief."), new ChatMessage("user", "the cat sees")], addGenerationPrompt: true)).ToArray();
        var expected = TextGenerator.Complete(fx.Model, fx.Tokenizer, [prompt], new GenerationOptions
        {
            MaxNewTokens = 10, StopIds = [fx.Tokenizer.EndOfTextId!.Value, fx.Tokenizer.TokenToId(ChatTemplate.EndToken)], StopStrings = [ChatTemplate.EndToken],
        })[0];
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        var choice = Assert.Single(json.GetProperty("choices").EnumerateArray());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(expected.Text, choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(expected.FinishReason == FinishReason.Stop ? "stop" : "length", choice.GetProperty("finish_reason").GetString());
        AssertUsage(json, prompt.Length, expected.Ids.Length);
    }

    internal static string Text(JsonElement json, int choice) => json.GetProperty("choices")[choice].GetProperty("text").GetString()!;

    internal static void AssertUsage(JsonElement json, int prompt, int completion)
    {
        var usage = json.GetProperty("usage");
        Assert.Equal(prompt, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(completion, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(prompt + completion, usage.GetProperty("total_tokens").GetInt32());
    }
}
