using AlignLab.Methods.Steering;
using AlignLab.Server.Tests;

namespace AlignLab.Cli.Tests;

/// <summary><c>steer generate</c>: vectors from a file change generation by α, and α = 0 is plain <c>generate</c>.</summary>
[Collection(CliCollection.Name)]
public class SteerCommandTests : TempDirectoryTest
{
    private string Vectors(string point, int dim)
    {
        var v = new float[1, dim];
        for (int c = 0; c < dim; c++) v[0, c] = c % 2 == 0 ? 3f : -3f;
        var path = Path.Combine(Dir, "vec.safetensors");
        new SteeringVectors(new Dictionary<string, float[,]> { [point] = v }, InjectionMode.Every, 0).Save(path);
        return path;
    }

    private static Cli.Result Generate(params string[] extra) =>
        Cli.Run(["generate", "--model", TinyModel.Directory, "--ids", "3,4,5", "--max-new-tokens", "8", "--json", .. extra]);

    [Fact]
    public void AlphaZeroIsPlainGenerationAndAStrongVectorChangesIt()
    {
        string vectors = Vectors("h.1", 32);
        var plain = Generate();
        var zero = Cli.Run("steer", "generate", "--model", TinyModel.Directory, "--ids", "3,4,5", "--max-new-tokens", "8", "--json", "--vectors", vectors, "--alpha", "0");
        var strong = Cli.Run("steer", "generate", "--model", TinyModel.Directory, "--ids", "3,4,5", "--max-new-tokens", "8", "--json", "--vectors", vectors, "--alpha", "50");
        Assert.Equal(0, zero.ExitCode);
        Assert.Equal(plain.Out, zero.Out);
        Assert.Equal(0, strong.ExitCode);
        Assert.NotEqual(plain.Json.GetProperty("ids").ToString(), strong.Json.GetProperty("ids").ToString());
    }

    [Fact]
    public void AVectorForAPointTheModelLacksIsOneLine()
    {
        var r = Cli.Run("steer", "generate", "--model", TinyModel.Directory, "--ids", "3", "--vectors", Vectors("h.7", 32));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("alignlab: 'h.7' is not a residual-stream point of this model (expected h.0 … h.1)", r.Error);
    }
}
