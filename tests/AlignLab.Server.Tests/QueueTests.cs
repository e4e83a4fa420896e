using System.Text;
using System.Text.Json;

namespace AlignLab.Server.Tests;

public class QueueTests
{
    [Fact]
    public async Task ConcurrentRequestsAreQueuedAndAllAnswered()
    {
        var (model, tokenizer) = TinyModel.Load();
        await using var server = await OpenAiServer.StartAsync(model, tokenizer, new ServerOptions { Port = 0, ModelName = "tiny" });
        using var client = Http.Client(server);
        object Completion(int i) => new { model = "tiny", prompt = $"the robot found {i}", max_tokens = 20, temperature = 0 };
        object Chat(int i) => new { model = "tiny", messages = new[] { new { role = "user", content = $"a dog {i}" } }, max_tokens = 20, temperature = 0 };
        // One at a time first, then all at once: the answers must not change.
        var alone = new List<string>();
        for (int i = 0; i < 4; i++) alone.Add((await Http.OkAsync(client, "v1/completions", Completion(i))).GetProperty("choices").ToString());
        for (int i = 0; i < 4; i++) alone.Add((await Http.OkAsync(client, "v1/chat/completions", Chat(i))).GetProperty("choices").ToString());

        var together = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            (await Http.OkAsync(client, i < 4 ? "v1/completions" : "v1/chat/completions", i < 4 ? Completion(i) : Chat(i - 4))).GetProperty("choices").ToString()));
        Assert.Equal(alone, together);
        Assert.Equal(16, server.Queue.Completed);
        Assert.Equal(0, server.Queue.Cancelled);
    }

    /// <summary>
    /// A server whose every forward step takes 20 ms, so a whole generation (about 2 s) outlasts a disconnect by far, even
    /// on a loaded machine where noticing the closed connection takes a few hundred milliseconds.
    /// </summary>
    private static async Task<(OpenAiServer Server, Func<int> Steps)> SlowServer()
    {
        var (model, tokenizer) = TinyModel.Load();
        int steps = 0;
        model.Module.GetSubmodule("h.0").RegisterForwardHook((_, _, output) => { Interlocked.Increment(ref steps); Thread.Sleep(20); return output; });
        var server = await OpenAiServer.StartAsync(model, tokenizer, new ServerOptions { Port = 0, ModelName = "tiny" });
        return (server, () => Volatile.Read(ref steps));
    }

    [Fact]
    public async Task AClientThatDisconnectsMidStreamCancelsItsGeneration()
    {
        var (server, steps) = await SlowServer();
        await using var _ = server;
        int atFirst = -1;
        int maxTokens = TinyModel.Context - 4;
        // Without draining, disposing an unfinished response closes the connection (HttpClient would otherwise read on to reuse it).
        using (var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.Url })
        {
            var body = JsonSerializer.Serialize(new { model = "tiny", prompt = "the cat", max_tokens = maxTokens, temperature = 0, stream = true });
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync());
            atFirst = steps();
        }

        for (int i = 0; i < 600 && server.Queue.Cancelled == 0; i++) await Task.Delay(50);
        Assert.True(server.Queue.Cancelled == 1, $"cancelled {server.Queue.Cancelled}, completed {server.Queue.Completed}, steps {steps()}, at first {atFirst}");
        Assert.Equal(0, server.Queue.Completed);
        Assert.True(steps() < maxTokens, $"{steps()} steps ran for {maxTokens} tokens");

        // The queue is free again.
        using var next = Http.Client(server);
        await Http.OkAsync(next, "v1/completions", new { model = "tiny", prompt = "the cat", max_tokens = 3, temperature = 0 });
        Assert.Equal(1, server.Queue.Completed);
    }

    [Fact]
    public async Task StoppingTheServerCancelsRunningGenerationsWith503()
    {
        var (server, steps) = await SlowServer();
        using var client = Http.Client(server);
        var pending = Http.PostAsync(client, "v1/completions", new { model = "tiny", prompt = "the cat", max_tokens = TinyModel.Context - 4, temperature = 0 });
        for (int i = 0; i < 600 && steps() < 3; i++) await Task.Delay(10);
        await server.DisposeAsync();
        var (status, json) = await pending;
        Assert.Equal(503, status);
        Assert.Equal("server_error", json.GetProperty("error").GetProperty("type").GetString());
        Assert.True(steps() < TinyModel.Context - 4);
        Assert.Equal(1, server.Queue.Cancelled);
    }
}
