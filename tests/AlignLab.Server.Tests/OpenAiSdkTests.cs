using System.ClientModel;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace AlignLab.Server.Tests;

/// <summary>
/// The server as the official OpenAI .NET SDK sees it: the SDK's own request shapes (it sends
/// <c>max_completion_tokens</c>, not <c>max_tokens</c>), its parsing of our replies and of our streamed events.
/// </summary>
public class OpenAiSdkTests(ServerFixture fx) : IClassFixture<ServerFixture>
{
    private OpenAIClientOptions Options => new() { Endpoint = new Uri(fx.Server.Url, "v1") };
    private ChatClient Chat(string model = ServerFixture.ModelName) => new(model, new ApiKeyCredential("not-checked"), Options);
    private static readonly ChatMessage[] Hello = [new UserChatMessage("the cat sees")];

    [Fact]
    public async Task ChatCompletionHonoursMaxCompletionTokensAndMatchesTheStream()
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 4, Temperature = 0 };
        ChatCompletion whole = await Chat().CompleteChatAsync(Hello, options);
        Assert.Equal(ChatMessageRole.Assistant, whole.Role);
        Assert.InRange(whole.Usage.OutputTokenCount, 1, 4);
        if (whole.FinishReason == ChatFinishReason.Length) Assert.Equal(4, whole.Usage.OutputTokenCount);
        string text = string.Concat(whole.Content.Select(p => p.Text));

        var streamed = new System.Text.StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in Chat().CompleteChatStreamingAsync(Hello, options))
        {
            foreach (var part in update.ContentUpdate) streamed.Append(part.Text);
            finish ??= update.FinishReason;
        }
        Assert.Equal(text, streamed.ToString());
        Assert.Equal(whole.FinishReason, finish);
    }

    [Fact]
    public async Task ModelsListTheServedModelAndAnUnknownModelIs404()
    {
        var models = await new OpenAIModelClient(new ApiKeyCredential("not-checked"), Options).GetModelsAsync();
        Assert.Contains(models.Value, m => m.Id == ServerFixture.ModelName);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Chat("gpt-4o").CompleteChatAsync(Hello));
        Assert.Equal(404, error.Status);
        Assert.Contains("gpt-4o", error.Message);
    }
}
