using AlignLab.Core;
using AlignLab.Models.Corpora;
using AlignLab.Models.Data;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Llama;
using AlignLab.Models.Tokenizers;
using AlignLab.Models.Training;

namespace AlignLab.Models.Tests.Training;

/// <summary>A very small world, its tokenizer and one-layer models, so training tests take seconds.</summary>
internal static class TinyTraining
{
    public const int Context = 16;
    public static readonly World World = new(new WorldOptions { People = 8, Places = 3, WordsPerList = 3, Seed = 5 });
    public static readonly ByteLevelBpeTokenizer Tokenizer = TrainingTokenizer.Train(WorldCorpus.Documents(World, 200, 1), 320);

    public static Gpt2Model Gpt2(ulong seed = 1) =>
        new(new Gpt2Config { VocabSize = Tokenizer.VocabSize, NPositions = 64, NEmbd = 32, NLayer = 1, NHead = 2 }, new Generator(seed));

    public static LlamaModel Llama(ulong seed = 1) => new(new LlamaConfig
    {
        VocabSize = Tokenizer.VocabSize, HiddenSize = 32, IntermediateSize = 64, NumHiddenLayers = 1, NumAttentionHeads = 4,
        NumKeyValueHeads = 2, HeadDim = 8, MaxPositionEmbeddings = 64,
    }, new Generator(seed));

    public static List<TrainingExample> Text(int documents = 80, ulong seed = 2) =>
        TrainingData.Builtin(World, DataFormat.Text, documents, seed).Encode(Tokenizer, Context);

    public static string NewDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "alignlab-train-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
