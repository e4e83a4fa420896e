using System.Globalization;
using AlignLab.Core;
using AlignLab.Core.IO;

namespace AlignLab.Methods.Steering;

/// <summary>
/// Steering vectors keyed by point name: residual points (<c>h.2</c>, <c>model.layers.10</c>), each [s × d], the span rows of
/// a direction, scaled so that α = 1 adds one typical residual norm; or attention-head points (<c>h.2.attn.c_proj.input</c>),
/// each [1 × H·hd], added to the heads' outputs at every position (ITI). Saved as safetensors (F32 tensors named by the
/// point, plus string metadata: method, mode, span start, preferences), so any safetensors reader can open them.
/// </summary>
public sealed class SteeringVectors
{
    public SteeringVectors(IReadOnlyDictionary<string, float[,]> vectors, InjectionMode mode, int start, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (vectors.Count == 0) throw new ArgumentException("steering vectors need at least one point");
        if (start < 0) throw new ArgumentOutOfRangeException(nameof(start), $"span start must be >= 0, got {start}");
        foreach (var (name, v) in vectors)
        {
            // Widths may differ: a head point (H·hd) need not be as wide as the residual stream.
            if (v.GetLength(0) < 1 || v.GetLength(1) < 1) throw new ArgumentException($"steering vector '{name}' has shape [{v.GetLength(0)}, {v.GetLength(1)}]; every vector needs [s >= 1, d >= 1]");
            foreach (var x in v) if (!float.IsFinite(x)) throw new ArgumentException($"steering vector '{name}' holds a non-finite value");
        }
        (Vectors, Mode, Start) = (vectors, mode, start);
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    public IReadOnlyDictionary<string, float[,]> Vectors { get; }
    public InjectionMode Mode { get; }
    public int Start { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The mean of a vector's span rows: what <see cref="InjectionMode.Every"/> adds.</summary>
    public static float[] RowMean(float[,] v)
    {
        int s = v.GetLength(0), d = v.GetLength(1);
        var mean = new float[d];
        for (int j = 0; j < s; j++)
            for (int c = 0; c < d; c++) mean[c] += v[j, c] / s;
        return mean;
    }

    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, v) in Vectors)
        {
            var flat = new float[v.Length];
            Buffer.BlockCopy(v, 0, flat, 0, v.Length * sizeof(float));
            tensors[name] = Tensor.FromArray(flat, v.GetLength(0), v.GetLength(1));
        }
        var meta = new Dictionary<string, string>(Metadata)
        {
            ["format"] = "alignlab-steering-vectors", ["mode"] = Mode.ToString().ToLowerInvariant(), ["start"] = Start.ToString(CultureInfo.InvariantCulture),
        };
        SafeTensors.Save(path, tensors, metadata: meta);
    }

    public static SteeringVectors Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: steering vectors file not found", path);
        using var file = SafeTensorsFile.Open(path);
        var meta = file.Metadata;
        var mode = meta.TryGetValue("mode", out var m) ? m switch
        {
            "every" => InjectionMode.Every,
            "front" => InjectionMode.Front,
            _ => throw new InvalidDataException($"{path}: metadata \"mode\" is '{m}', expected every or front"),
        } : InjectionMode.Every;
        int start = 0;
        if (meta.TryGetValue("start", out var s) && !int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out start))
            throw new InvalidDataException($"{path}: metadata \"start\" is '{s}', expected a non-negative integer");
        var vectors = new Dictionary<string, float[,]>();
        foreach (var (name, entry) in file.Entries)
        {
            var t = file.ReadTensor(name);
            if (t.Rank is not (1 or 2)) throw new InvalidDataException($"{path}: tensor '{name}' has rank {t.Rank}; steering vectors are [d] or [s, d]");
            int rows = t.Rank == 2 ? t.Shape[0] : 1, d = t.Shape[t.Rank - 1];
            var v = new float[rows, d];
            var data = t.Contiguous().AsSpan();
            for (int j = 0; j < rows; j++)
                for (int c = 0; c < d; c++) v[j, c] = data[j * d + c];
            vectors[name] = v;
        }
        if (vectors.Count == 0) throw new InvalidDataException($"{path}: the file holds no tensors");
        var kept = meta.Where(kv => kv.Key is not ("format" or "mode" or "start")).ToDictionary(kv => kv.Key, kv => kv.Value);
        try { return new SteeringVectors(vectors, mode, start, kept); }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
    }
}
