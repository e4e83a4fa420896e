using System.Text;

namespace AlignLab.Models.Tokenizers;

/// <summary>
/// AlignLab's chat format. Each turn is rendered as
/// <code>&lt;|role|&gt;\n{content}&lt;|end|&gt;\n</code>
/// with role one of system (only as the first turn), user, assistant; e.g.
/// <code>&lt;|system|&gt;\nBe brief.&lt;|end|&gt;\n&lt;|user|&gt;\nHi&lt;|end|&gt;\n&lt;|assistant|&gt;\nHello!&lt;|end|&gt;\n</code>
/// With a generation prompt the text ends in "&lt;|assistant|&gt;\n" and the model writes the reply,
/// ending it with &lt;|end|&gt;. Tokenizers used with it need <see cref="SpecialTokens"/> as special tokens
/// (pass them to <see cref="BpeTrainer"/>).
/// </summary>
public static class ChatTemplate
{
    public const string SystemToken = "<|system|>";
    public const string UserToken = "<|user|>";
    public const string AssistantToken = "<|assistant|>";
    public const string EndToken = "<|end|>";

    public static IReadOnlyList<string> SpecialTokens { get; } = [SystemToken, UserToken, AssistantToken, EndToken];

    public static string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = false)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            string header = m.Role switch
            {
                "system" when i == 0 => SystemToken,
                "system" => throw new ArgumentException($"messages[{i}].role: a system turn may only come first", nameof(messages)),
                "user" => UserToken,
                "assistant" => AssistantToken,
                _ => throw new ArgumentException($"messages[{i}].role is '{m.Role}'; expected system, user or assistant", nameof(messages)),
            };
            // Content that contains a marker would forge a turn boundary once encoded with special tokens.
            foreach (var t in SpecialTokens)
                if (m.Content.Contains(t, StringComparison.Ordinal))
                    throw new ArgumentException($"messages[{i}].content contains the reserved marker {t}", nameof(messages));
            sb.Append(header).Append('\n').Append(m.Content).Append(EndToken).Append('\n');
        }
        if (addGenerationPrompt) sb.Append(AssistantToken).Append('\n');
        return sb.ToString();
    }
}
