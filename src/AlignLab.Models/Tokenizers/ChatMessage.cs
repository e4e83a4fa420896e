namespace AlignLab.Models.Tokenizers;

/// <summary>One chat turn; <see cref="Role"/> is "system", "user" or "assistant".</summary>
public sealed record ChatMessage(string Role, string Content);
