namespace AlignLab.Models.Tokenizers;

/// <summary>How a conversation becomes prompt text for one model family, and how a reply ends.</summary>
public interface IChatFormat
{
    /// <summary>Renders <paramref name="messages"/>; invalid conversations (roles out of order) throw <see cref="ArgumentException"/> with a one-line reason.</summary>
    string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);

    /// <summary>Whether the rendered text already starts with BOS (then it must not be added again).</summary>
    bool RendersBeginOfText { get; }

    /// <summary>The marker a reply ends with (e.g. <c>&lt;|end|&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;|eot_id|&gt;</c>).</summary>
    string EndOfTurn { get; }
}

/// <summary>AlignLab's own chat format (<see cref="ChatTemplate"/>) as an <see cref="IChatFormat"/>.</summary>
public sealed class AlignLabChatFormat : IChatFormat
{
    public static AlignLabChatFormat Instance { get; } = new();

    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) => ChatTemplate.Render(messages, addGenerationPrompt);

    public bool RendersBeginOfText => false;

    public string EndOfTurn => ChatTemplate.EndToken;
}
