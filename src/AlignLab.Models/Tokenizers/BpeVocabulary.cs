namespace AlignLab.Models.Tokenizers;

/// <summary>One merge rule "Left Right" and where it was read (line or entry number) for error messages.</summary>
public readonly record struct BpeMerge(string Left, string Right, int Position = 0);

/// <summary>
/// Everything that defines a byte-level BPE tokenizer, independent of the file format it came from:
/// token strings (in the byte-to-unicode alphabet) to ids, merges in rank order, and the special tokens
/// that are matched whole in raw text. The *Source fields name the files for error messages.
/// </summary>
public sealed record BpeVocabulary(
    IReadOnlyDictionary<string, int> Vocab,
    IReadOnlyList<BpeMerge> Merges,
    IReadOnlyList<string> SpecialTokens,
    string VocabSource = "vocabulary",
    string MergesSource = "merges",
    string MergePositionLabel = "merge")
{
    public const string EndOfText = "<|endoftext|>";
}
