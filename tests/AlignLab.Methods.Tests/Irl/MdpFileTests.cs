using System.Text.Json;
using AlignLab.Methods.Irl;

namespace AlignLab.Methods.Tests.Irl;

public class MdpFileTests
{
    private const string Valid = """
        {"gamma": 0.8,
         "transitions": [[[0.9, 0.1, 0.0], [0.2, 0.8, 0.0]], [[0.0, 0.5, 0.5], [0.7, 0.0, 0.3]], [[0.3, 0.0, 0.7], [0.0, 0.4, 0.6]]],
         "start": [0.5, 0.3, 0.2],
         "reward": [[1.0, -0.5], [0.0, 0.7], [-1.0, 2.0]]}
        """;

    private static string Write(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"alignlab-mdp-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void LoadsTheSameMdpAsTheArrays()
    {
        string path = Write(Valid);
        try
        {
            var loaded = MdpFile.Load(path);
            var expected = TestMdps.Three();
            Assert.Equal(expected.DenseTransitions(), loaded.DenseTransitions());
            Assert.Equal(expected.TrueReward.ToArray(), loaded.TrueReward.ToArray());
            Assert.Equal(expected.Start.ToArray(), loaded.Start.ToArray());
            Assert.Equal(3, loaded.FeatureCount); // one-hot by default
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("\"gamma\": 0.8,", "", "missing field 'gamma'")]
    [InlineData("[0.9, 0.1, 0.0], [0.2, 0.8, 0.0]", "[0.9, 0.2, 0.0], [0.2, 0.8, 0.0]", "transitions[state 0, action 0, ·] sums to 1.1")]
    [InlineData("[0.0, 0.5, 0.5]", "[0.0, \"x\", 0.5]", "transitions[1][0][1] must be a number")]
    [InlineData("\"start\": [0.5, 0.3, 0.2]", "\"start\": [0.5, 0.5]", "start has 2 entries, expected 3")]
    [InlineData("[-1.0, 2.0]", "[-1.0]", "reward[2] has 1 entries, expected 2")]
    public void ErrorsNameTheFileAndTheField(string find, string replace, string message)
    {
        string path = Write(Valid.Replace(find, replace));
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => MdpFile.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains(message, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MalformedJsonIsOneClearError()
    {
        string path = Write("{\"gamma\": 0.9,");
        try { Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => MdpFile.Load(path)).Message); }
        finally { File.Delete(path); }
    }
}
