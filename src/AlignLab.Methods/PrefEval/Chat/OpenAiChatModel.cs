using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using AlignLabMessage = AlignLab.Models.Tokenizers.ChatMessage;
using SdkMessage = OpenAI.Chat.ChatMessage;

namespace AlignLab.Methods.PrefEval.Chat;

/// <summary>
/// Any OpenAI-compatible <c>/chat/completions</c> endpoint through the official OpenAI .NET SDK: base URL (e.g.
/// <c>http://127.0.0.1:8000/v1</c>), model id, API key (from an environment variable; never written anywhere).
/// The SDK's own retries are off; this class retries 429, 5xx and connection failures itself, a bounded number of
/// times with exponential backoff, then throws <see cref="EndpointUnreachableException"/>. Other 4xx fail at once.
/// </summary>
public sealed class OpenAiChatModel : IChatModel
{
    private readonly ChatClient client;
    private readonly Uri endpoint;

    public OpenAiChatModel(Uri endpoint, string model, string? apiKey = null, int maxAttempts = 4, TimeSpan? firstBackoff = null, TimeSpan? timeout = null)
    {
        if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts), $"attempts must be at least 1, got {maxAttempts}");
        if (string.IsNullOrWhiteSpace(model)) throw new ArgumentException("the model name is empty", "Model");
        (this.endpoint, Name, MaxAttempts, FirstBackoff) = (endpoint, model, maxAttempts, firstBackoff ?? TimeSpan.FromSeconds(1));
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = timeout ?? TimeSpan.FromMinutes(5),
        };
        // Local servers take any key; the SDK insists on one.
        client = new ChatClient(model, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "none" : apiKey), options);
    }

    public string Name { get; }
    public int MaxAttempts { get; }
    public TimeSpan FirstBackoff { get; }

    public async Task<ChatAnswer> CompleteAsync(ChatRequest request, CancellationToken cancel = default)
    {
        var messages = request.Messages.Select(ToSdk).ToList();
        var options = new ChatCompletionOptions { Temperature = (float)request.Temperature, MaxOutputTokenCount = request.MaxTokens };
        Exception? last = null;
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                ChatCompletion completion = await client.CompleteChatAsync(messages, options, cancel);
                return new ChatAnswer(string.Concat(completion.Content.Select(p => p.Text)));
            }
            catch (ClientResultException e) when (e.Status is 429 or >= 500 or 0) { last = e; }
            catch (HttpRequestException e) { last = e; }
            catch (TaskCanceledException e) when (!cancel.IsCancellationRequested) { last = e; } // the network timeout
            catch (ClientResultException e)
            {
                throw new InvalidOperationException($"{endpoint}: the endpoint refused the request for model '{Name}' (HTTP {e.Status}): {e.Message}", e);
            }
            if (attempt < MaxAttempts) await Task.Delay(FirstBackoff * Math.Pow(2, attempt - 1), cancel);
        }
        throw new EndpointUnreachableException($"{endpoint}: no answer from model '{Name}' after {MaxAttempts} attempts ({last!.Message})", last);
    }

    private static SdkMessage ToSdk(AlignLabMessage m) => m.Role switch
    {
        "system" => new SystemChatMessage(m.Content),
        "user" => new UserChatMessage(m.Content),
        "assistant" => new AssistantChatMessage(m.Content),
        var other => throw new ArgumentException($"message role '{other}' is not system, user or assistant"),
    };
}
