using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Server.Tests;

/// <summary>A server on a free loopback port (no key) shared by a test class, and a client for it.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string ModelName = "tiny-gpt2";

    internal ICausalLM Model { get; private set; } = null!;
    internal ByteLevelBpeTokenizer Tokenizer { get; private set; } = null!;
    public OpenAiServer Server { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Model, Tokenizer) = TinyModel.Load();
        Server = await OpenAiServer.StartAsync(Model, Tokenizer, new ServerOptions { Port = 0, ModelName = ModelName });
        Client = Http.Client(Server);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>HTTP helpers: JSON in, JSON or server-sent events out.</summary>
internal static class Http
{
    public static HttpClient Client(OpenAiServer server, string? key = null)
    {
        var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(60) };
        if (key != null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(int Status, JsonElement Json)> PostAsync(HttpClient client, string path, object body) =>
        await PostRawAsync(client, path, JsonSerializer.Serialize(body));

    public static async Task<(int Status, JsonElement Json)> PostRawAsync(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, Body(json));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<JsonElement> OkAsync(HttpClient client, string path, object body)
    {
        var (status, json) = await PostAsync(client, path, body);
        Assert.True(status == 200, $"{path}: HTTP {status}: {json}");
        return json;
    }

    /// <summary>The <c>data:</c> payloads of a streamed response, in order (the final "[DONE]" included).</summary>
    public static async Task<List<string>> StreamAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsync(path, Body(JsonSerializer.Serialize(body)));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n\n", text);
        var events = new List<string>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.StartsWith("data: ", block);
            events.Add(block["data: ".Length..]);
        }
        return events;
    }
}
