using AlignLab.Methods.PrefEval.Conversations;

namespace AlignLab.Methods.PrefEval.PrefLite;

/// <summary>
/// The five methods' text in PrefLite's small vocabulary: the same roles as <see cref="MethodPrompts.Default"/> (a
/// reminder after the question, one worked example before it, a critique and a revision request, a retrieved-context
/// block before it), short enough for a 256-token context. No word limit is appended; answers get 24 tokens.
/// </summary>
public static class PrefLitePrompts
{
    public static MethodPrompts Prompts { get; } = new()
    {
        LengthSuffix = "",
        Reminder = " remember my preference.",
        CotPrefix = "example: someone who avoids meat asks for food in dallas. a good answer: since you avoid meat, try the rice bowl in dallas. now answer for me. ",
        CriticRequest = "check your answer against my preference.",
        RevisionRequest = "answer again: {question}",
        RagHeader = "context: ",
        RagItem = "{text} ",
        RagFooter = "question: ",
        McqInstruction = " options: {options}",
        MaxTokens = 24,
        RevisionMaxTokens = 24,
        McqMaxTokens = 8,
        RagTopK = 2,
    };
}
