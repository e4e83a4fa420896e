using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace AlignLab.Core.IO;

/// <summary>Whole-file safetensors load and atomic save (F32 tensors; I64 for integer tensors; U8 for raw bytes such as packed codes).</summary>
public static class SafeTensors
{
    /// <summary>Loads every floating-point tensor of a file as float32.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        var result = new Dictionary<string, Tensor>();
        foreach (var e in file.Entries.Values)
            if (DTypes.IsFloat(e.DType)) result[e.Name] = file.ReadTensor(e.Name);
        return result;
    }

    /// <summary>
    /// Writes tensors (F32) and integer tensors (I64) in the reference layout: names sorted, header padded with spaces
    /// to a multiple of 8. The file is written under a temporary name and renamed, so a crash never leaves half a file.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors,
        IReadOnlyDictionary<string, IntTensor>? ints = null, IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyDictionary<string, (byte[] Data, int[] Shape)>? bytes = null)
    {
        var names = tensors.Keys.Concat(ints?.Keys ?? []).Concat(bytes?.Keys ?? []).Order(StringComparer.Ordinal).ToList();
        if (names.Count != names.Distinct().Count()) throw new ArgumentException($"{path}: a tensor name is used twice");
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var name in names)
        {
            bool isFloat = tensors.ContainsKey(name);
            bool isBytes = !isFloat && bytes != null && bytes.ContainsKey(name);
            int[] shape = isFloat ? tensors[name].Shape.ToArray() : isBytes ? bytes![name].Shape : ints![name].Shape.ToArray();
            long size = (long)ShapeUtil.Numel(shape) * (isFloat ? 4 : isBytes ? 1 : 8);
            if (isBytes && bytes![name].Data.LongLength != size) throw new ArgumentException($"{path}: tensor '{name}' has {bytes[name].Data.LongLength} bytes for shape {ShapeUtil.Format(shape)}");
            header[name] = new { dtype = isFloat ? "F32" : isBytes ? "U8" : "I64", shape, data_offsets = new[] { offset, offset + size } };
            offset += size;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8;
        AtomicFile.Write(path, stream =>
        {
            Span<byte> len = stackalloc byte[8];
            BitConverter.TryWriteBytes(len, (ulong)padded);
            stream.Write(len);
            stream.Write(json);
            for (int i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var name in names)
            {
                if (tensors.TryGetValue(name, out var t)) stream.Write(MemoryMarshal.AsBytes(t.Contiguous().AsSpan()));
                else if (bytes != null && bytes.TryGetValue(name, out var raw)) stream.Write(raw.Data);
                else stream.Write(MemoryMarshal.AsBytes(ints![name].Data.Select(v => (long)v).ToArray().AsSpan()));
            }
        });
    }
}
