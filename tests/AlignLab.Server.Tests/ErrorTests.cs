using System.Text.Json;

namespace AlignLab.Server.Tests;

public class ErrorTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    private const string M = "\"model\": \"tiny-gpt2\"";

    public static TheoryData<string, string, string?> BadRequests()
    {
        string longPrompt = "[" + string.Join(",", Enumerable.Repeat(1, TinyModel.Context)) + "]";
        string longContent = string.Join(" ", Enumerable.Repeat("the cat", TinyModel.Context));
        return new()
        {
            { "v1/completions", "{" + M + ",", null },
            { "v1/completions", "[1, 2]", null },
            { "v1/completions", "{\"prompt\": \"hi\"}", "model" },
            { "v1/completions", "{\"model\": 7, \"prompt\": \"hi\"}", "model" },
            { "v1/completions", "{" + M + "}", "prompt" },
            { "v1/completions", "{" + M + ", \"prompt\": 5}", "prompt" },
            { "v1/completions", "{" + M + ", \"prompt\": []}", "prompt" },
            { "v1/completions", "{" + M + ", \"prompt\": \"\"}", "prompt" },
            { "v1/completions", "{" + M + ", \"prompt\": [\"hi\", 3]}", "prompt[1]" },
            { "v1/completions", "{" + M + ", \"prompt\": [[1, \"a\"]]}", "prompt[0][1]" },
            { "v1/completions", "{" + M + ", \"prompt\": [1, 99999]}", "prompt[1]" },
            { "v1/completions", "{" + M + ", \"prompt\": " + longPrompt + "}", "prompt" },
            { "v1/completions", "{" + M + ", \"prompt\": \"the cat\", \"max_tokens\": " + TinyModel.Context + "}", "max_tokens" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"max_tokens\": -1}", "max_tokens" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"max_tokens\": 1.5}", "max_tokens" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"temperature\": \"hot\"}", "temperature" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"temperature\": 3}", "temperature" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"top_p\": 0}", "top_p" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"n\": 0}", "n" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"stop\": 5}", "stop" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"stop\": [\"a\", 1]}", "stop[1]" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"stop\": \"\"}", "stop" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"stream\": \"yes\"}", "stream" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"echo\": true}", "echo" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"logprobs\": 21}", "logprobs" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"logprobs\": \"x\"}", "logprobs" },
            { "v1/completions", "{" + M + ", \"prompt\": \"hi\", \"logprobs\": 1, \"stream\": true}", "logprobs" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"logprobs\": 3}", "logprobs" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"top_logprobs\": 2}", "top_logprobs" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"logprobs\": true, \"top_logprobs\": 21}", "top_logprobs" },
            { "v1/chat/completions", "{" + M + "}", "messages" },
            { "v1/chat/completions", "{" + M + ", \"messages\": \"hi\"}", "messages" },
            { "v1/chat/completions", "{" + M + ", \"messages\": []}", "messages" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [3]}", "messages[0]" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"content\": \"x\"}]}", "messages[0].role" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}", "messages[0].role" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"user\", \"content\": 5}]}", "messages[0].content" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}", "messages[0].content[0]" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"system\", \"content\": \"y\"}]}", "messages" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"user\", \"content\": \"a <|end|> b\"}]}", "messages" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": " + TinyModel.Context + "}", "max_tokens" },
            { "v1/chat/completions", "{" + M + ", \"messages\": [{\"role\": \"user\", \"content\": \"" + longContent + "\"}]}", "messages" },
        };
    }

    [Theory, MemberData(nameof(BadRequests))]
    public async Task MalformedRequestsGet400NamingTheField(string path, string body, string? param)
    {
        var (status, json) = await Http.PostRawAsync(fx.Client, path, body);
        Assert.Equal(400, status);
        var error = json.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.True(error.TryGetProperty("code", out _));
        if (param != null && !param.StartsWith("messages") && param != "prompt")
            Assert.Contains(param.Split('[')[0], error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("v1/completions", "{\"model\": \"gpt-4\", \"prompt\": \"hi\"}")]
    [InlineData("v1/chat/completions", "{\"model\": \"gpt-4\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")]
    public async Task AnUnknownModelIs404ModelNotFoundAsOpenAiAnswers(string path, string body)
    {
        var (status, json) = await Http.PostRawAsync(fx.Client, path, body);
        Assert.Equal(404, status);
        var error = json.GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Contains("gpt-4", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnknownRoutesGet404WithAnErrorBody()
    {
        using var response = await fx.Client.GetAsync("v1/engines");
        Assert.Equal(404, (int)response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Contains("/v1/engines", error.GetProperty("message").GetString());
    }
}
