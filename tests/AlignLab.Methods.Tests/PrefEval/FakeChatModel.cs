using AlignLab.Methods.PrefEval.Chat;

namespace AlignLab.Methods.Tests.PrefEval;

/// <summary>Answers with a function of the request and records every request it got.</summary>
internal sealed class FakeChatModel(Func<ChatRequest, string> answer, string name = "fake") : IChatModel
{
    public List<ChatRequest> Requests { get; } = new();
    public string Name => name;

    public Task<ChatAnswer> CompleteAsync(ChatRequest request, CancellationToken cancel = default)
    {
        lock (Requests) Requests.Add(request);
        return Task.FromResult(new ChatAnswer(answer(request)));
    }
}
