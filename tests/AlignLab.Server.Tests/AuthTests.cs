using System.Text.Json;

namespace AlignLab.Server.Tests;

public class AuthTests
{
    [Fact]
    public async Task RequestsWithoutTheRightBearerKeyGet401()
    {
        var (model, tokenizer) = TinyModel.Load();
        await using var server = await OpenAiServer.StartAsync(model, tokenizer, new ServerOptions { Port = 0, ModelName = "tiny", ApiKey = "sekrit" });
        Assert.Equal("127.0.0.1", server.Url.Host);
        Assert.NotEqual(0, server.Url.Port);
        var completion = new { model = "tiny", prompt = "the cat", max_tokens = 2 };
        foreach (var key in new string?[] { null, "wrong", "sekrit2", "" })
        {
            using var client = Http.Client(server, key);
            using var response = await client.GetAsync("v1/models");
            Assert.Equal(401, (int)response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
            Assert.Equal(401, (await Http.PostAsync(client, "v1/completions", completion)).Status);
        }
        using var good = Http.Client(server, "sekrit");
        Assert.Equal(200, (int)(await good.GetAsync("v1/models")).StatusCode);
        await Http.OkAsync(good, "v1/completions", completion);
        Assert.Equal(1, server.Queue.Completed); // refused requests never reached the model
    }
}
