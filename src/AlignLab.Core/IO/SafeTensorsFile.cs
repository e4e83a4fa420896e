using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace AlignLab.Core.IO;

/// <summary>Where one tensor lives in a safetensors file.</summary>
public sealed record TensorEntry(string Name, DType DType, int[] Shape, long Begin, long End);

/// <summary>
/// A memory-mapped safetensors file, validated like the reference reader: 8-byte little-endian header length,
/// a JSON header, and data offsets that tile the byte buffer exactly, each entry's size matching dtype × shape.
/// Every error names the file and, where it applies, the tensor at fault.
/// </summary>
public sealed unsafe class SafeTensorsFile : IDisposable
{
    private const long MaxHeader = 100_000_000;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;
    private readonly long _dataStart;

    public string Path { get; }
    public IReadOnlyDictionary<string, TensorEntry> Entries { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    private SafeTensorsFile(string path)
    {
        Path = path;
        long length = new FileInfo(path).Length;
        if (length < 8) throw new InvalidDataException($"{path}: not a safetensors file (only {length} bytes)");
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + _view.PointerOffset;
        try
        {
            ulong n = *(ulong*)_base;
            if (n > MaxHeader || (long)n > length - 8) throw new InvalidDataException($"{path}: header length {n} is invalid for a file of {length} bytes");
            _dataStart = 8 + (long)n;
            (Entries, Metadata) = ParseHeader(new ReadOnlySpan<byte>(_base + 8, (int)n), length - _dataStart);
        }
        catch { Dispose(); throw; }
    }

    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        return new SafeTensorsFile(path);
    }

    private (Dictionary<string, TensorEntry>, Dictionary<string, string>) ParseHeader(ReadOnlySpan<byte> json, long bufferLength)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json.ToArray()); }
        catch (JsonException e) { throw new InvalidDataException($"{Path}: header is not valid JSON ({e.Message})"); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{Path}: header is not a JSON object");
        var entries = new Dictionary<string, TensorEntry>();
        var metadata = new Dictionary<string, string>();
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (prop.Name == "__metadata__")
            {
                foreach (var m in prop.Value.EnumerateObject()) metadata[m.Name] = m.Value.ToString();
                continue;
            }
            if (entries.ContainsKey(prop.Name)) throw new InvalidDataException($"{Path}: tensor '{prop.Name}' appears twice in the header");
            entries[prop.Name] = ParseEntry(prop.Name, prop.Value);
        }
        long expected = 0;
        foreach (var e in entries.Values.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != expected)
                throw new InvalidDataException($"{Path}: tensor '{e.Name}' starts at byte {e.Begin} of the data buffer, expected {expected} (offsets must tile the buffer without gaps or overlaps)");
            expected = e.End;
        }
        if (expected != bufferLength)
            throw new InvalidDataException($"{Path}: tensors cover {expected} bytes but the data buffer has {bufferLength} (truncated or padded file)");
        return (entries, metadata);
    }

    private TensorEntry ParseEntry(string name, JsonElement e)
    {
        try
        {
            var dtypeName = e.GetProperty("dtype").GetString() ?? "";
            if (!DTypes.TryParse(dtypeName, out var dtype)) throw new InvalidDataException($"{Path}: tensor '{name}' has unsupported dtype '{dtypeName}'");
            var shape = e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var offsets = e.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new InvalidDataException($"{Path}: tensor '{name}' has invalid data_offsets");
            long bytes = (long)ShapeUtil.Numel(shape) * DTypes.SizeOf(dtype);
            if (offsets[1] - offsets[0] != bytes)
                throw new InvalidDataException($"{Path}: tensor '{name}' ({DTypes.Name(dtype)} {ShapeUtil.Format(shape)}) needs {bytes} bytes but its offsets span {offsets[1] - offsets[0]}");
            return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{Path}: tensor '{name}' has a malformed header entry ({ex.Message})");
        }
    }

    public TensorEntry Entry(string name) => Entries.TryGetValue(name, out var e)
        ? e : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'");

    private ReadOnlySpan<byte> Bytes(TensorEntry e) => new(_base + _dataStart + e.Begin, checked((int)(e.End - e.Begin)));

    /// <summary>Reads a floating-point tensor as float32 (F16 and BF16 widened exactly).</summary>
    public Tensor ReadTensor(string name)
    {
        var e = Entry(name);
        var result = Tensor.Zeros(e.Shape);
        var dst = result.AsSpan();
        var bytes = Bytes(e);
        switch (e.DType)
        {
            case DType.F32: MemoryMarshal.Cast<byte, float>(bytes).CopyTo(dst); break;
            case DType.F16:
                var halves = MemoryMarshal.Cast<byte, Half>(bytes);
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(halves, dst);
                break;
            case DType.BF16:
                var raw = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (int i = 0; i < raw.Length; i++) dst[i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                break;
            case DType.F64:
                var doubles = MemoryMarshal.Cast<byte, double>(bytes);
                for (int i = 0; i < doubles.Length; i++) dst[i] = (float)doubles[i];
                break;
            default: throw new InvalidDataException($"{Path}: tensor '{name}' is {DTypes.Name(e.DType)}, not a floating-point tensor");
        }
        return result;
    }

    /// <summary>Reads an integer or boolean tensor (I64 values must fit in int32).</summary>
    public IntTensor ReadInts(string name)
    {
        var e = Entry(name);
        var bytes = Bytes(e);
        var data = new int[ShapeUtil.Numel(e.Shape)];
        switch (e.DType)
        {
            case DType.I64:
                var longs = MemoryMarshal.Cast<byte, long>(bytes);
                for (int i = 0; i < data.Length; i++)
                {
                    if (longs[i] is < int.MinValue or > int.MaxValue) throw new InvalidDataException($"{Path}: tensor '{name}' value {longs[i]} does not fit in int32");
                    data[i] = (int)longs[i];
                }
                break;
            case DType.I32: MemoryMarshal.Cast<byte, int>(bytes).CopyTo(data); break;
            case DType.I16: var shorts = MemoryMarshal.Cast<byte, short>(bytes); for (int i = 0; i < data.Length; i++) data[i] = shorts[i]; break;
            case DType.I8: for (int i = 0; i < data.Length; i++) data[i] = (sbyte)bytes[i]; break;
            case DType.U8: case DType.Bool: for (int i = 0; i < data.Length; i++) data[i] = bytes[i]; break;
            default: throw new InvalidDataException($"{Path}: tensor '{name}' is {DTypes.Name(e.DType)}, not an integer tensor");
        }
        return new IntTensor(data, e.Shape);
    }

    /// <summary>Reads a U8 tensor's raw bytes (e.g. packed low-bit codes).</summary>
    public byte[] ReadBytes(string name)
    {
        var e = Entry(name);
        if (e.DType != DType.U8) throw new InvalidDataException($"{Path}: tensor '{name}' is {DTypes.Name(e.DType)}, not U8");
        return Bytes(e).ToArray();
    }

    public BoolTensor ReadMask(string name)
    {
        var ints = ReadInts(name);
        return new BoolTensor(ints.Data.Select(v => v != 0).ToArray(), ints.Shape.ToArray());
    }

    public void Dispose()
    {
        if (_view != null && _base != null) _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view?.Dispose();
        _map?.Dispose();
    }
}
