using AlignLab.Core;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Gpt2;

namespace AlignLab.Methods.Unlearning.Training;

/// <summary>A GPT-2 model with its word tokenizer, saved as a Hugging Face folder plus <c>vocab.json</c>.</summary>
public sealed class UnlearnModel(Gpt2Model model, WordTokenizer tokenizer)
{
    public Gpt2Model Model { get; } = model;
    public WordTokenizer Tokenizer { get; } = tokenizer;
    public IReadOnlyList<Tensor> Parameters { get; } = model.Parameters().ToArray();

    public static UnlearnModel Create(WordTokenizer tokenizer, ModelShape shape, ulong seed) =>
        new(new Gpt2Model(new Gpt2Config { VocabSize = tokenizer.VocabSize, NPositions = shape.Context, NEmbd = shape.Dim, NLayer = shape.Layers, NHead = shape.Heads },
            new Generator(seed)), tokenizer);

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        HfCheckpoint.Save(Model, directory);
        Tokenizer.Save(Path.Combine(directory, "vocab.json"));
    }

    public static UnlearnModel Load(string directory)
    {
        if (!File.Exists(Path.Combine(directory, "vocab.json"))) throw new FileNotFoundException($"{directory}: not an unlearning model folder (no vocab.json)");
        var model = HfCheckpoint.Load(directory) as Gpt2Model ?? throw new InvalidDataException($"{directory}: expected a gpt2 model");
        return new UnlearnModel(model, WordTokenizer.Load(Path.Combine(directory, "vocab.json")));
    }

    /// <summary>An independent copy (same weights, its own tensors).</summary>
    public UnlearnModel Clone()
    {
        var copy = Create(Tokenizer, new ModelShape(Model.Config.NLayer, Model.Config.NEmbd, Model.Config.NHead, Model.Config.NPositions), 0);
        copy.SetWeights(Snapshot());
        return copy;
    }

    public float[][] Snapshot() => Parameters.Select(p => p.AsSpan().ToArray()).ToArray();

    public void SetWeights(float[][] weights)
    {
        for (int i = 0; i < Parameters.Count; i++) weights[i].CopyTo(Parameters[i].AsSpan());
    }
}

/// <summary>Decoder size: layers, width, heads, context.</summary>
public sealed record ModelShape(int Layers, int Dim, int Heads, int Context);
