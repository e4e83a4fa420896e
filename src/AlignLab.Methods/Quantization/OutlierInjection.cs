using AlignLab.Core;
using AlignLab.Models.Llama;

namespace AlignLab.Methods.Quantization;

/// <summary>
/// Function-preserving outliers, put into a pre-trained model so the quantizers meet the kind of channels real LLMs grow.
/// Each is an exact reparameterisation: the float model computes the same function before and after.
/// </summary>
public sealed record OutlierInjection
{
    /// <summary>Layers whose down_proj input gets outlier channels: up_proj rows ×s, down_proj columns ÷s (exact through SwiGLU).</summary>
    public IReadOnlyList<int> DownProjLayers { get; init; } = [];
    /// <summary>Layers whose value cache and o_proj input get an outlier dimension: v_proj rows ×s, matching o_proj columns ÷s.</summary>
    public IReadOnlyList<int> ValueLayers { get; init; } = [];
    /// <summary>Layers whose key cache gets an outlier RoPE pair: k_proj rows ×s, matching q_proj rows ÷s (commutes with RoPE).</summary>
    public IReadOnlyList<int> KeyLayers { get; init; } = [];
    /// <summary>Channels (or head dimensions) scaled in each chosen layer.</summary>
    public int Channels { get; init; } = 2;
    public float Scale { get; init; } = 16f;

    public static readonly OutlierInjection None = new();

    public bool IsNone => DownProjLayers.Count == 0 && ValueLayers.Count == 0 && KeyLayers.Count == 0;

    /// <summary>Applies the injection to <paramref name="model"/> in place. Channels are drawn from <paramref name="generator"/>.</summary>
    public void Apply(LlamaModel model, Generator generator)
    {
        var c = model.Config;
        int hd = c.HeadDim, group = c.NumAttentionHeads / c.NumKeyValueHeads;
        using var _ = GradMode.NoGrad();
        foreach (int l in DownProjLayers)
        {
            var mlp = model.Model.Layers[l].Mlp;
            foreach (int j in Distinct(c.IntermediateSize, generator))
            {
                ScaleRow(mlp.UpProj.Weight, j, Scale);
                ScaleColumn(mlp.DownProj.Weight, j, 1f / Scale);
            }
        }
        foreach (int l in ValueLayers)
        {
            var attn = model.Model.Layers[l].SelfAttn;
            foreach (int j in Distinct(c.NumKeyValueHeads * hd, generator))
            {
                ScaleRow(attn.VProj.Weight, j, Scale);
                int kvHead = j / hd, dim = j % hd;
                for (int h = kvHead * group; h < (kvHead + 1) * group; h++) ScaleColumn(attn.OProj.Weight, h * hd + dim, 1f / Scale);
            }
        }
        foreach (int l in KeyLayers)
        {
            var attn = model.Model.Layers[l].SelfAttn;
            foreach (int j in Distinct(c.NumKeyValueHeads * hd / 2, generator))
            {
                int kvHead = j / (hd / 2), pair = j % (hd / 2);
                foreach (int dim in new[] { pair, pair + hd / 2 })
                {
                    ScaleRow(attn.KProj.Weight, kvHead * hd + dim, Scale);
                    for (int h = kvHead * group; h < (kvHead + 1) * group; h++) ScaleRow(attn.QProj.Weight, h * hd + dim, 1f / Scale);
                }
            }
        }
    }

    private int[] Distinct(int range, Generator g)
    {
        var set = new SortedSet<int>();
        while (set.Count < Math.Min(Channels, range)) set.Add(g.NextInt(0, range));
        return set.ToArray();
    }

    private static void ScaleRow(Tensor w, int row, float s)
    {
        var span = w.AsSpan().Slice(row * w.Shape[1], w.Shape[1]);
        for (int i = 0; i < span.Length; i++) span[i] *= s;
    }

    private static void ScaleColumn(Tensor w, int column, float s)
    {
        var span = w.AsSpan();
        for (int r = 0; r < w.Shape[0]; r++) span[r * w.Shape[1] + column] *= s;
    }
}
