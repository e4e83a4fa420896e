using AlignLab.Models.Data;

namespace AlignLab.Models.Tests.Data;

public class JsonlErrorTests
{
    private static string Write(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"alignlab-data-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Theory]
    [InlineData("prompt-completion", "{\"prompt\": \"a\"}", "field \"completion\" is missing")]
    [InlineData("prompt-completion", "{\"prompt\": \"a\", \"completion\": 3}", "field \"completion\" must be a string, got a number")]
    [InlineData("text", "{\"text\": \"unterminated}", "invalid JSON at byte")]
    [InlineData("text", "[1, 2]", "expected a JSON object, got an array")]
    [InlineData("messages", "{\"messages\": [{\"role\": \"bot\", \"content\": \"hi\"}]}", "messages[0].role is 'bot'; expected system, user or assistant")]
    [InlineData("messages", "{\"messages\": [{\"role\": \"user\"}]}", "messages[0]: field \"content\" is missing")]
    [InlineData("messages", "{\"messages\": \"hello\"}", "field \"messages\" must be an array, got a string")]
    public void AMalformedLineIsReportedAsFileLineReason(string format, string badLine, string reason)
    {
        string good = format switch
        {
            "text" => "{\"text\": \"fine\"}",
            "prompt-completion" => "{\"prompt\": \"p\", \"completion\": \"c\"}",
            _ => "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}",
        };
        var path = Write(good, "", badLine, good);
        var ex = Assert.Throws<InvalidDataException>(() => TrainingData.Load(path, DataFormats.Parse(format)));
        Assert.StartsWith($"{path}:3: ", ex.Message);
        Assert.Contains(reason, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void GoodLinesLoadWithTheirFormat()
    {
        var path = Write("{\"prompt\": \"p1\", \"completion\": \"c1\"}", "   ", "{\"prompt\": \"p2\", \"completion\": \"c2\", \"extra\": 1}");
        var data = TrainingData.Load(path, DataFormat.PromptCompletion);
        Assert.Equal(["p1", "p2"], data.Records.Select(r => r.Prompt));
        Assert.Equal($"{path}:3", data.Records[1].Where);
    }

    [Fact]
    public void ATextFileCannotBeReadAsPromptCompletion()
    {
        var ex = Assert.Throws<ArgumentException>(() => TrainingData.Load("notes.txt", DataFormat.PromptCompletion));
        Assert.Contains("--format text", ex.Message);
    }
}
