using System.Text.Json;
using AlignLab.Core.IO;

namespace AlignLab.Core.Tests.Reference;

/// <summary>Every op's output and input gradients against PyTorch 1.13 on the committed fixed inputs.</summary>
public class OpReferenceTests
{
    private static readonly Lazy<(JsonElement[] Cases, SafeTensorsFile File)> Data = new(() =>
    {
        var json = JsonDocument.Parse(File.ReadAllText(TestPaths.Reference("ops.json")));
        return (json.RootElement.GetProperty("cases").EnumerateArray().ToArray(), SafeTensorsFile.Open(TestPaths.Reference("ops.safetensors")));
    });

    public static IEnumerable<object[]> CaseNames() => Data.Value.Cases.Select(c => new object[] { c.GetProperty("name").GetString()! });

    /// <summary>Runs reference case <paramref name="name"/>'s forward on its stored inputs (float inputs require grad).</summary>
    internal static (Tensor Output, Dictionary<string, Tensor> Floats, string[] GradNames) Forward(string name)
    {
        var (cases, file) = Data.Value;
        var c = cases.Single(x => x.GetProperty("name").GetString() == name);
        var op = c.GetProperty("op").GetString()!;
        var attrs = c.GetProperty("attrs");
        var inputNames = c.GetProperty("inputs").EnumerateArray().Select(x => x.GetString()!).ToArray();
        var floats = new Dictionary<string, Tensor>();
        var ints = new Dictionary<string, IntTensor>();
        foreach (var input in inputNames)
        {
            var key = $"{name}/{input}";
            if (DTypes.IsFloat(file.Entry(key).DType)) floats[input] = file.ReadTensor(key).RequireGrad();
            else ints[input] = file.ReadInts(key);
        }
        var gradNames = c.GetProperty("grad_inputs").EnumerateArray().Select(x => x.GetString()!).ToArray();
        return (OpCases.Run(op, attrs, floats, ints, file, name), floats, gradNames);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string name)
    {
        var file = Data.Value.File;
        var (output, floats, gradNames) = Forward(name);
        Assertions.Close(file.ReadTensor($"{name}/out"), output, 1e-4f, 1e-5f, $"{name} output");

        if (gradNames.Length == 0) { Assert.False(output.RequiresGrad, $"{name} is a constant of its inputs but recorded a graph"); return; }
        output.Backward(file.ReadTensor($"{name}/grad_out"));
        foreach (var g in gradNames)
        {
            Assert.NotNull(floats[g].Grad);
            Assertions.Close(file.ReadTensor($"{name}/grad/{g}"), floats[g].Grad!, 1e-3f, 1e-5f, $"{name} gradient of {g}");
        }
    }
}
