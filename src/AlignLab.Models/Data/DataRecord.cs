using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Data;

/// <summary>
/// One training record before tokenization; which fields are set depends on the <see cref="DataFormat"/>.
/// <see cref="Where"/> names its origin (<c>file:line</c>) for error messages.
/// </summary>
public sealed record DataRecord(string Where, string? Text = null, string? Prompt = null, string? Completion = null,
    IReadOnlyList<ChatMessage>? Messages = null)
{
    /// <summary>All the text of the record, as a tokenizer trainer should see it.</summary>
    public string AllText() => Text ?? (Messages != null ? ChatTemplate.Render(Messages) : Prompt + Completion);
}
