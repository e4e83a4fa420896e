using AlignLab.Core;
using AlignLab.Core.IO;
using AlignLab.Core.Tests;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Llama;

namespace AlignLab.Models.Tests.Llama;

/// <summary>The tiny Llama (2 layers, d=64, 4 query heads over 2 KV heads, ffn 176, vocab 97) against PyTorch.</summary>
public class LlamaReferenceTests
{
    [Fact]
    public void ConfigIsReadWithGroupedQueryHeads()
    {
        var model = (LlamaModel)HfCheckpoint.Load(TestPaths.Reference("llama_tiny"));
        Assert.Equal((4, 2, 16, 176, 97, false), (model.Config.NumAttentionHeads, model.Config.NumKeyValueHeads,
            model.Config.HeadDim, model.Config.IntermediateSize, model.Config.VocabSize, model.Config.TieWordEmbeddings));
        Assert.Equal([32, 64], model.Model.Layers[0].SelfAttn.KProj.Weight.Shape.ToArray());
    }

    [Fact]
    public void LogitsMatchPyTorch()
    {
        var model = HfCheckpoint.Load(TestPaths.Reference("llama_tiny"));
        using var reference = SafeTensorsFile.Open(TestPaths.Reference("llama_tiny_ref.safetensors"));
        var logits = model.Logits(reference.ReadInts("input_ids"));
        Assertions.Close(reference.ReadTensor("logits"), logits, 1e-4f, 1e-4f, "llama logits");
    }

    [Fact]
    public void TiedEmbeddingsHaveNoLmHeadAndUseTheEmbedding()
    {
        var config = new LlamaConfig { VocabSize = 11, HiddenSize = 8, IntermediateSize = 12, NumHiddenLayers = 1,
            NumAttentionHeads = 2, NumKeyValueHeads = 1, HeadDim = 4, MaxPositionEmbeddings = 8, TieWordEmbeddings = true };
        var model = new LlamaModel(config, new Generator(3));
        Assert.DoesNotContain(model.NamedParameters(), p => p.Name.StartsWith("lm_head"));
        var ids = new IntTensor([1, 5, 7], 1, 3);
        var h = model.Hidden(ids).Reshape(3, 8);
        Assertions.Close(h.MatMul(model.Model.EmbedTokens.Weight.T()).Reshape(1, 3, 11), model.Logits(ids), 1e-6f, 1e-6f, "tied head");
    }
}
