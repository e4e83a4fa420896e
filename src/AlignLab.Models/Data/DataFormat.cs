namespace AlignLab.Models.Data;

/// <summary>
/// What a training record holds: <see cref="Text"/> (<c>{"text": …}</c> or a .txt file; every token trained),
/// <see cref="PromptCompletion"/> (<c>{"prompt": …, "completion": …}</c>; prompt tokens masked) or
/// <see cref="Messages"/> (<c>{"messages": [{"role": …, "content": …}, …]}</c>; only assistant tokens trained).
/// </summary>
public enum DataFormat { Text, PromptCompletion, Messages }

public static class DataFormats
{
    public static DataFormat Parse(string name) => name switch
    {
        "text" => DataFormat.Text,
        "prompt-completion" => DataFormat.PromptCompletion,
        "messages" => DataFormat.Messages,
        _ => throw new ArgumentException($"--format '{name}' is not one of text, prompt-completion, messages"),
    };

    public static string Name(DataFormat format) => format switch
    {
        DataFormat.Text => "text", DataFormat.PromptCompletion => "prompt-completion", _ => "messages",
    };
}
