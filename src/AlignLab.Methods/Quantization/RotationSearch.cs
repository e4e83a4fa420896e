using AlignLab.Core;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// RoSTE's choice of online rotations (K = 1): two quantized forwards over calibration sequences, every R2/R3/R4 off and
/// every one on (R1 already fused in both), each logging per (layer, rotation) the quantization errors that rotation
/// acts on (R2: o_proj weight, o_proj input, value cache; R3: key cache; R4: down_proj weight and input). Each rotation
/// of each layer is then kept on where it gave the smaller error. Layers are decided independently.
/// </summary>
public static class RotationSearch
{
    public sealed record Choice(IReadOnlyList<LayerRotations> Rotations, double[,] ErrorsOff, double[,] ErrorsOn);

    public static Choice Select(QuantLlama model, QuantScheme scheme, IReadOnlyList<IntTensor> calibration)
    {
        int layers = model.LayerCount;
        var saved = (model.Scheme, model.Rotations, model.Probe, model.Frozen);
        try
        {
            model.Scheme = scheme;
            var off = Measure(model, Enumerable.Repeat(LayerRotations.None, layers).ToArray(), calibration);
            var on = Measure(model, Enumerable.Repeat(LayerRotations.All, layers).ToArray(), calibration);
            var chosen = new LayerRotations[layers];
            for (int l = 0; l < layers; l++)
                chosen[l] = new LayerRotations(on[l, 0] < off[l, 0], on[l, 1] < off[l, 1], on[l, 2] < off[l, 2]);
            return new Choice(chosen, off, on);
        }
        finally
        {
            (model.Scheme, model.Rotations, model.Probe) = (saved.Scheme, saved.Rotations, saved.Probe);
            model.Frozen = saved.Frozen;
        }
    }

    /// <summary>[layer, R2/R3/R4] errors of one configuration.</summary>
    private static double[,] Measure(QuantLlama model, LayerRotations[] rotations, IReadOnlyList<IntTensor> calibration)
    {
        model.Rotations = rotations;
        var probe = new QuantErrorProbe(model.LayerCount);
        model.Probe = probe;
        using (GradMode.NoGrad())
            foreach (var ids in calibration) model.Logits(ids);
        var result = new double[model.LayerCount, 3];
        for (int l = 0; l < model.LayerCount; l++)
        {
            result[l, 0] = probe[l, ErrorSite.R2];
            result[l, 1] = probe[l, ErrorSite.R3];
            result[l, 2] = probe[l, ErrorSite.R4];
        }
        return result;
    }
}
