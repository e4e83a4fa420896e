using AlignLab.Core;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// The methods as one call each on a pre-trained (or fine-tuned) Llama, as the commands use them: post-training
/// RTN, GPTQ and QuaRot, and RoSTE's fold, R1, rotation choice and quantization-aware fine-tuning. Each returns the
/// frozen quantized model, ready to <see cref="QuantLlama.Pack"/> and save.
/// </summary>
public static class QuantizationPipeline
{
    /// <summary>Calibration batches from the first <paramref name="count"/> examples (RoSTE and GPTQ use 128).</summary>
    public static IntTensor[] Calibration(IReadOnlyList<SummaryExample> examples, int count = 128) =>
        examples.Take(count).Chunk(16).Select(c => TrainingBatch.From(c).Ids).ToArray();

    public static QuantLlama PostTraining(LlamaModel model, QuantMethod method, QuantScheme scheme, IReadOnlyList<IntTensor>? calibration, Generator generator)
    {
        var folded = NormFolding.Fold(model);
        IntTensor[] Needed() => calibration is { Count: > 0 } ? calibration.ToArray() : throw new ArgumentException($"{method.Key()} needs calibration data");
        switch (method)
        {
            case QuantMethod.Rtn:
                return PostTrainingQuantization.Rtn(new QuantLlama(folded, scheme));
            case QuantMethod.Gptq:
                return PostTrainingQuantization.Gptq(new QuantLlama(folded, scheme), Needed());
            case QuantMethod.QuaRot:
                CheckRotatable(model.Config);
                NormFolding.RotateResidual(folded, Rotations.Random(model.Config.HiddenSize, generator));
                return PostTrainingQuantization.Gptq(new QuantLlama(folded, scheme, Enumerable.Repeat(LayerRotations.All, model.Config.NumHiddenLayers).ToArray()), Needed());
            default:
                throw new ArgumentException($"'{method.Key()}' is not a post-training method (rtn, gptq, quarot)");
        }
    }

    /// <summary>RoSTE: fold norms, fuse a random R1, choose R2/R3/R4 per layer on 128 training examples, fine-tune with STE.</summary>
    public static QuantLlama Roste(LlamaModel model, IReadOnlyList<SummaryExample> train, QuantScheme scheme, QatSettings settings, Generator generator,
        CancellationToken cancel = default, IProgress<double>? progress = null)
    {
        CheckRotatable(model.Config);
        var folded = NormFolding.Fold(model);
        NormFolding.RotateResidual(folded, Rotations.Random(model.Config.HiddenSize, generator.Fork(1)));
        var q = new QuantLlama(folded, scheme);
        q.Rotations = RotationSearch.Select(q, scheme, Calibration(train)).Rotations;
        QatTrainer.Train(q, train, settings, generator.Fork(2), cancel, progress);
        return q.Freeze();
    }

    private static void CheckRotatable(LlamaConfig c)
    {
        if (!AlignLab.Core.Kernels.HadamardKernel.IsPowerOfTwo(c.HeadDim) || !AlignLab.Core.Kernels.HadamardKernel.IsPowerOfTwo(c.IntermediateSize))
            throw new ArgumentException($"the online rotations need a power-of-two head_dim and intermediate_size, the model has {c.HeadDim} and {c.IntermediateSize}");
    }
}
