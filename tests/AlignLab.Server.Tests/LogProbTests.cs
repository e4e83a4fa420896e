using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Server.Tests;

public class LogProbTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    private void AssertScorerAgrees(int[] prompt, int[] completion, float[] logprobs)
    {
        var scored = SequenceScorer.TokenLogProbs(fx.Model, [.. prompt, .. completion]);
        Assert.Equal(completion.Length, logprobs.Length);
        for (int j = 0; j < completion.Length; j++)
            Assert.True(Math.Abs(scored[prompt.Length - 1 + j] - logprobs[j]) < 1e-4, $"token {j}: {logprobs[j]} vs scorer {scored[prompt.Length - 1 + j]}");
    }

    [Fact]
    public async Task CompletionLogProbsMatchTheScorerWithTheirAlternatives()
    {
        const string prompt = "the robot likes";
        var json = await Http.OkAsync(fx.Client, "v1/completions", new { model = ServerFixture.ModelName, prompt, max_tokens = 10, temperature = 0, logprobs = 3 });
        var lp = json.GetProperty("choices")[0].GetProperty("logprobs");
        var ids = TextGenerator.Generate(fx.Model, fx.Tokenizer.Encode(prompt).ToArray(), new GenerationOptions { MaxNewTokens = 10, StopIds = [fx.Tokenizer.EndOfTextId!.Value] });
        var tokens = lp.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToArray();
        var logprobs = lp.GetProperty("token_logprobs").EnumerateArray().Select(t => t.GetSingle()).ToArray();
        AssertScorerAgrees([.. fx.Tokenizer.Encode(prompt)], ids, logprobs);
        for (int j = 0; j < ids.Length; j++)
            if (Utf8.IsValid(fx.Tokenizer.BytesOf(ids[j]))) Assert.Equal(fx.Tokenizer.Decode([ids[j]]), tokens[j]);
            else Assert.StartsWith("bytes:\\x", tokens[j]); // part of a character
        var top = lp.GetProperty("top_logprobs").EnumerateArray().ToArray();
        for (int j = 0; j < ids.Length; j++)
        {
            var alternatives = top[j].EnumerateObject().ToArray();
            Assert.Equal(3, alternatives.Length);
            // Greedy decoding chose the most likely token, so it heads the alternatives with the same log-probability.
            Assert.Equal(tokens[j], alternatives[0].Name);
            Assert.Equal(logprobs[j], alternatives[0].Value.GetSingle());
        }
        var offsets = lp.GetProperty("text_offset").EnumerateArray().Select(o => o.GetInt32()).ToArray();
        for (int j = 0; j < ids.Length; j++) Assert.Equal(fx.Tokenizer.Decode(ids[..j]).Length, offsets[j]);
        var plain = await Http.OkAsync(fx.Client, "v1/completions", new { model = ServerFixture.ModelName, prompt, max_tokens = 2 });
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("choices")[0].GetProperty("logprobs").ValueKind);
    }

    [Fact]
    public async Task ChatLogProbsListEveryContentTokenWithBytes()
    {
        var json = await Http.OkAsync(fx.Client, "v1/chat/completions", new
        {
            model = ServerFixture.ModelName, messages = new[] { new { role = "user", content = "a book" } }, max_tokens = 8, temperature = 0,
            logprobs = true, top_logprobs = 2,
        });
        var content = json.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content").EnumerateArray().ToArray();
        Assert.Equal(json.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), content.Length);
        // The tokens' bytes put together are the reply.
        var bytes = content.SelectMany(c => c.GetProperty("bytes").EnumerateArray().Select(b => (byte)b.GetInt32())).ToArray();
        Assert.Equal(json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), Encoding.UTF8.GetString(bytes));
        var prompt = fx.Tokenizer.Encode(ChatTemplate.Render([new ChatMessage("user", "a book")], addGenerationPrompt: true)).ToArray();
        var expected = TextGenerator.Complete(fx.Model, fx.Tokenizer, [prompt], new GenerationOptions
        {
            MaxNewTokens = 8, StopIds = [fx.Tokenizer.EndOfTextId!.Value, fx.Tokenizer.TokenToId(ChatTemplate.EndToken)], StopStrings = [ChatTemplate.EndToken],
        })[0];
        AssertScorerAgrees(prompt, expected.Ids, content.Select(c => c.GetProperty("logprob").GetSingle()).ToArray());
        Assert.All(content, c => Assert.Equal(2, c.GetProperty("top_logprobs").GetArrayLength()));
    }
}
