using System.Text.Json;

namespace AlignLab.Server.Tests;

public class StreamingTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    private static JsonElement[] Chunks(List<string> events)
    {
        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain("[DONE]", events[..^1]);
        return events[..^1].Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToArray();
    }

    [Fact]
    public async Task CompletionChunksConcatenateToTheNonStreamedTextPerChoice()
    {
        var plain = await Http.OkAsync(fx.Client, "v1/completions", new { model = ServerFixture.ModelName, prompt = new[] { "the cat", "a dog likes" }, max_tokens = 20, temperature = 0 });
        // A stop string from the first text, so that the held-back tails and the cut are streamed too.
        string first = CompletionTests.Text(plain, 0);
        string stop = first.Substring(first.Length / 2, 2);
        var body = new { model = ServerFixture.ModelName, prompt = new[] { "the cat", "a dog likes" }, max_tokens = 20, temperature = 0, stop };
        plain = await Http.OkAsync(fx.Client, "v1/completions", body);
        var chunks = Chunks(await Http.StreamAsync(fx.Client, "v1/completions", new { body.model, body.prompt, body.max_tokens, body.temperature, body.stop, stream = true }));

        var text = new[] { "", "" };
        var finish = new string?[2];
        foreach (var c in chunks)
        {
            Assert.Equal("text_completion", c.GetProperty("object").GetString());
            Assert.StartsWith("cmpl-", c.GetProperty("id").GetString());
            var choice = Assert.Single(c.GetProperty("choices").EnumerateArray());
            int i = choice.GetProperty("index").GetInt32();
            Assert.Null(finish[i]); // nothing follows a choice's finish chunk
            text[i] += choice.GetProperty("text").GetString();
            finish[i] = choice.GetProperty("finish_reason").GetString();
        }
        Assert.True(chunks.Length > 4);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(CompletionTests.Text(plain, i), text[i]);
            Assert.Equal(plain.GetProperty("choices")[i].GetProperty("finish_reason").GetString(), finish[i]);
        }
        Assert.Equal("stop", finish[0]);
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
    }

    [Fact]
    public async Task ChatChunksStartWithTheRoleAndEndWithUsageAndDone()
    {
        var body = new
        {
            model = ServerFixture.ModelName, messages = new[] { new { role = "user", content = "my friend reads" } }, max_tokens = 15, temperature = 0,
            stream = true, stream_options = new { include_usage = true },
        };
        var chunks = Chunks(await Http.StreamAsync(fx.Client, "v1/chat/completions", body));
        var plain = await Http.OkAsync(fx.Client, "v1/chat/completions", body with { stream = false });

        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        var opening = chunks[0].GetProperty("choices")[0].GetProperty("delta");
        Assert.Equal("assistant", opening.GetProperty("role").GetString());
        var usage = chunks[^1];
        Assert.Empty(usage.GetProperty("choices").EnumerateArray());
        Assert.Equal(plain.GetProperty("usage").ToString(), usage.GetProperty("usage").ToString());
        var last = chunks[^2].GetProperty("choices")[0];
        Assert.Equal(plain.GetProperty("choices")[0].GetProperty("finish_reason").GetString(), last.GetProperty("finish_reason").GetString());
        string content = string.Concat(chunks[1..^2].Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.NotEmpty(content);
        Assert.Equal(plain.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), content);
    }
}
