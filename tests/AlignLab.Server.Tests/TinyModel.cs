using AlignLab.Core;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Server.Tests;

/// <summary>
/// A tiny random GPT-2 and a BPE tokenizer trained on a few sentences (with the chat markers as special tokens),
/// written to a temporary Hugging Face folder and loaded back from it, as <c>alignlab serve</c> does.
/// </summary>
internal static class TinyModel
{
    public const int Context = 96;

    private static readonly Lazy<string> Folder = new(Write);

    public static string Directory => Folder.Value;

    public static (ICausalLM Model, ByteLevelBpeTokenizer Tokenizer) Load() =>
        (HfCheckpoint.Load(Directory), ByteLevelBpeTokenizer.FromDirectory(Directory));

    private static string Write()
    {
        string[] subjects = ["the cat", "a dog", "my friend", "the robot"];
        string[] verbs = ["sees", "likes", "found", "reads"];
        string[] objects = ["the ball", "a book", "the old house", "some fruit"];
        var corpus = new List<string>();
        foreach (var s in subjects) foreach (var v in verbs) foreach (var o in objects) corpus.Add($"{s} {v} {o}.\n");
        var tokenizer = new ByteLevelBpeTokenizer(BpeTrainer.Train(corpus, new BpeTrainerOptions(320, SpecialTokens: [BpeVocabulary.EndOfText, .. ChatTemplate.SpecialTokens])));
        var gen = new Generator(7);
        var model = new Gpt2Model(new Gpt2Config { VocabSize = tokenizer.VocabSize, NPositions = Context, NEmbd = 32, NLayer = 2, NHead = 2 }, gen);
        // GPT-2's 0.02 initialisation makes greedy decoding repeat the last token forever; larger weights give varied
        // text, so stop strings and streaming have something to cut. Shrinking the 256 byte tokens' embeddings (the
        // head is tied) makes the model prefer whole words over stray bytes that do not decode to valid UTF-8.
        var state = model.StateDict();
        foreach (var (name, value) in state.ToList())
            if (value.Rank == 2) state[name] = gen.Normal(value.Shape.ToArray(), 0, 0.5f);
        var wte = state["wte.weight"].ToArray();
        for (int i = 0; i < 256 * model.Config.NEmbd; i++) wte[i] *= 0.1f;
        state["wte.weight"] = Tensor.FromArray(wte, tokenizer.VocabSize, model.Config.NEmbd);
        model.LoadStateDict(state);
        var root = Path.Combine(Path.GetTempPath(), "alignlab-serve-" + Guid.NewGuid().ToString("N"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(root, recursive: true);
        var dir = Path.Combine(root, "tiny-gpt2");
        HfCheckpoint.Save(model, dir);
        tokenizer.Save(dir);
        return dir;
    }
}
