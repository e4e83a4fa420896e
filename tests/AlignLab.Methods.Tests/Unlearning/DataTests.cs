using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Tests.Unlearning;

public class DataTests
{
    private static string Temp() { var d = Path.Combine(Path.GetTempPath(), "unlearn-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(d); return d; }

    [Fact]
    public void SameSeedGivesIdenticalFilesAndPiiIsUnique()
    {
        var options = new MiniLumeOptions { Biographies = 20, Stories = 5, PublicBiographies = 5, Seed = 3 };
        string a = Temp(), b = Temp();
        LumeFiles.Save(MiniLume.Generate(options), a);
        LumeFiles.Save(MiniLume.Generate(options), b);
        foreach (var f in new[] { "forget.jsonl", "retain.jsonl", "mia_data/member.jsonl", "mia_data/nonmember.jsonl", "utility.jsonl" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, f)), File.ReadAllBytes(Path.Combine(b, f)));
        var data = MiniLume.Generate(options);
        var ssns = data.Forget.Concat(data.Retain).Where(r => r.Kind == LumeKind.QuestionAnswer && r.Input.EndsWith("Social Security Number?")).Select(r => r.Output).ToList();
        Assert.Equal(2 * options.Biographies, ssns.Count);
        Assert.Equal(ssns.Count, ssns.Distinct().Count());
        Assert.All(ssns, s => Assert.Matches("^900[0-9]{6}$", s));
        Assert.All(data.Forget.Where(r => r.Input.StartsWith("What is the birth date")), r => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", r.Output));
        Assert.Equal(data.Forget.Count(r => r.Kind == LumeKind.SentenceCompletion), data.Members.Count);
        Assert.Equal(["Task1", "Task2", "Task3"], data.Tasks);
    }

    [Fact]
    public void RoundTripsThroughTheLumeLayoutWithoutTrailingNewline()
    {
        var data = MiniLume.Generate(new MiniLumeOptions { Seed = 5 });
        string dir = Temp();
        LumeFiles.Save(data, dir);
        Assert.NotEqual((byte)'\n', File.ReadAllBytes(Path.Combine(dir, "forget.jsonl"))[^1]);
        var back = LumeFiles.Load(dir);
        Assert.Equal(data.Forget, back.Forget);
        Assert.Equal(data.Retain, back.Retain);
        Assert.Equal(data.NonMembers, back.NonMembers);
        Assert.Equal(data.Utility.Select(q => (q.Question, q.Answer, string.Join("|", q.Options))), back.Utility.Select(q => (q.Question, q.Answer, string.Join("|", q.Options))));
    }

    [Fact]
    public void MalformedLineStopsWithFileAndLine()
    {
        string dir = Temp();
        File.WriteAllText(Path.Combine(dir, "forget.jsonl"), "{\"id\":\"asc1\",\"input\":\"a\",\"output\":\"b\",\"task\":\"Task1\"}\n\n{\"id\":\"aqa0\",\"input\":\"q\"}\n");
        File.WriteAllText(Path.Combine(dir, "retain.jsonl"), "");
        var e = Assert.Throws<InvalidDataException>(() => LumeFiles.Load(dir));
        Assert.StartsWith(Path.Combine(dir, "forget.jsonl") + ":3: ", e.Message);
        Assert.Contains("\"output\"", e.Message);
        File.WriteAllText(Path.Combine(dir, "forget.jsonl"), "{\"id\":\"abc1\",\"input\":\"a\",\"output\":\"b\",\"task\":\"Task1\"}");
        e = Assert.Throws<InvalidDataException>(() => LumeFiles.Load(dir));
        Assert.StartsWith(Path.Combine(dir, "forget.jsonl") + ":1: ", e.Message);
        File.WriteAllText(Path.Combine(dir, "forget.jsonl"), "{not json");
        e = Assert.Throws<InvalidDataException>(() => LumeFiles.Load(dir));
        Assert.StartsWith(Path.Combine(dir, "forget.jsonl") + ":1: invalid JSON", e.Message);
    }

    [Fact]
    public void TokenizerIsReversibleAndSplitsDigits()
    {
        var data = MiniLume.Generate(new MiniLumeOptions());
        var t = TargetTraining.TokenizerFor(data);
        foreach (var r in data.Forget.Concat(data.Retain))
        {
            Assert.Equal(r.Input, t.Decode(t.Encode(r.Input)));
            Assert.Equal(" " + r.Output, t.Decode(t.Encode(" " + r.Output)));
        }
        Assert.Equal(11, t.Encode("900-51-4344").Length);
    }
}
