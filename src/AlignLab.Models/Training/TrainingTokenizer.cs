using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Training;

/// <summary>The tokenizer trained for a corpus that comes without one: byte-level BPE with &lt;|endoftext|&gt; and the chat markers.</summary>
public static class TrainingTokenizer
{
    public static IReadOnlyList<string> SpecialTokens { get; } = [BpeVocabulary.EndOfText, .. ChatTemplate.SpecialTokens];

    public static ByteLevelBpeTokenizer Train(IEnumerable<string> texts, int vocabSize) =>
        new(BpeTrainer.Train(texts, new BpeTrainerOptions(vocabSize, SpecialTokens: SpecialTokens)));
}
