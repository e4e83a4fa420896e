namespace AlignLab.Methods.Reasoning;

/// <summary>A prompt and the completion to imitate (the loss covers the completion's tokens only).</summary>
public sealed record SupervisedExample(int[] Prompt, int[] Completion);
