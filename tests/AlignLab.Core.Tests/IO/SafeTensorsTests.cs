using System.Text;
using AlignLab.Core.IO;

namespace AlignLab.Core.Tests.IO;

public class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alignlab-st").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string header, int dataBytes)
    {
        var path = Path.Combine(_dir, Guid.NewGuid() + ".safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        using var f = File.Create(path);
        f.Write(BitConverter.GetBytes((ulong)json.Length));
        f.Write(json);
        f.Write(new byte[dataBytes]);
        return path;
    }

    [Fact]
    public void RoundTripsFloatsAndIntsWithMetadata()
    {
        var path = Path.Combine(_dir, "m.safetensors");
        var a = new Generator(1).Normal([3, 4]);
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = a, ["s"] = Tensor.Scalar(2f) },
            new Dictionary<string, IntTensor> { ["ids"] = new([1, -2, 3], 3) }, new Dictionary<string, string> { ["format"] = "pt" });
        using var f = SafeTensorsFile.Open(path);
        Assert.Equal(a.ToArray(), f.ReadTensor("a").ToArray());
        Assert.Equal(2f, f.ReadTensor("s").Item());
        Assert.Equal(new[] { 1, -2, 3 }, f.ReadInts("ids").Data);
        Assert.Equal("pt", f.Metadata["format"]);
        Assert.Equal(0UL, BitConverter.ToUInt64(File.ReadAllBytes(path), 0) % 8); // header padded to 8 bytes
    }

    [Fact]
    public void RoundTripsRawBytesAsU8()
    {
        var path = Path.Combine(_dir, "q.safetensors");
        byte[] codes = [0x21, 0xF0, 7, 255, 0, 1];
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["s"] = Tensor.Scalar(1f) }, bytes: new Dictionary<string, (byte[], int[])> { ["codes"] = (codes, [2, 3]) });
        using var f = SafeTensorsFile.Open(path);
        Assert.Equal(DType.U8, f.Entry("codes").DType);
        Assert.Equal(codes, f.ReadBytes("codes"));
        Assert.Contains("not U8", Assert.Throws<InvalidDataException>(() => f.ReadBytes("s")).Message);
    }

    [Fact]
    public void ReadsF16AndBF16IntoFloat32()
    {
        var path = Write("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]}}", 0);
        var bytes = File.ReadAllBytes(path).ToList();
        bytes.AddRange(BitConverter.GetBytes((Half)1.5f)); bytes.AddRange(BitConverter.GetBytes((Half)(-2f)));
        bytes.AddRange(BitConverter.GetBytes((ushort)(BitConverter.SingleToInt32Bits(3.25f) >> 16)));
        File.WriteAllBytes(path, bytes.ToArray());
        using var f = SafeTensorsFile.Open(path);
        Assert.Equal(new[] { 1.5f, -2f }, f.ReadTensor("h").ToArray());
        Assert.Equal(3.25f, f.ReadTensor("b").Item());
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "cover 8 bytes but the data buffer has 4")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "'a'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "starts at byte 4")]
    [InlineData("{\"a\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "unsupported dtype 'Q4'")]
    [InlineData("{not json", 0, "not valid JSON")]
    public void CorruptFilesGetAnErrorNamingTheProblem(string header, int dataBytes, string expected)
    {
        var path = Write(header, dataBytes);
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(path).Dispose());
        Assert.Contains(expected, ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void HeaderLengthBeyondTheFileIsRejected()
    {
        var path = Path.Combine(_dir, "bad.safetensors");
        File.WriteAllBytes(path, BitConverter.GetBytes(1000UL));
        Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Open(path).Dispose());
    }

    [Fact]
    public void SaveReplacesAtomically()
    {
        var path = Path.Combine(_dir, "x.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["a"] = Tensor.Ones(2) });
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["b"] = Tensor.Ones(3) });
        Assert.Equal(["b"], SafeTensors.Load(path).Keys);
        Assert.Single(Directory.GetFiles(_dir)); // no temporary left behind
    }
}
