using AlignLab.Core;
using AlignLab.Methods.Reasoning;
using static AlignLab.Methods.Reasoning.ReasoningVocabulary;

namespace AlignLab.Methods.Tests.Reasoning;

public class ProblemAndVerifierTests
{
    private static readonly ArithmeticProblem Example = new(3,
    [
        new ArithmeticStep(ArithmeticOp.Add, 4, "buys"), new ArithmeticStep(ArithmeticOp.Subtract, 2, "gives"),
        new ArithmeticStep(ArithmeticOp.Double, 2, "doubles"),
    ]);

    [Fact]
    public void PromptRationaleAndAnswerRenderAsWritten()
    {
        Assert.Equal("has 3 . buys 4 . gives 2 . doubles . ?", Render(Example.Prompt()));
        Assert.Equal("buys 4 = 7 ; gives 2 = 5 ; doubles = 10 ;", Render(Example.GoldRationale()));
        Assert.Equal("ans 10 <end>", Render(Example.AnswerTail()));
        Assert.Equal(10, Example.Answer);
        Assert.Equal(3, Example.Level);
        Assert.Equal(Example.GoldCompletion(), Parse("buys 4 = 7 ; gives 2 = 5 ; doubles = 10 ; ans 10 <end>"));
    }

    [Theory]
    [InlineData("buys 4 = 7 ; ans 10 <end>", 10)]
    [InlineData("ans 3 <end>", 3)]
    [InlineData("ans 10", null)]            // no end token after the number
    [InlineData("ans buys <end>", null)]     // not a number
    [InlineData("buys 4 = 7 ; 7 <end>", null)] // no "ans"
    [InlineData("ans 4 5 <end>", null)]      // more than one number
    public void ParserReadsTheNumberBetweenAnsAndTheEndToken(string completion, int? expected)
    {
        Assert.Equal(expected, AnswerVerifier.Parse(Parse(completion)));
        Assert.Equal(expected == 10, AnswerVerifier.IsCorrect(Parse(completion), Example));
    }

    [Fact]
    public void RationaleAndFinalValueAreReadFromTheTokens()
    {
        var completion = Parse("buys 4 = 7 ; gives 2 = 5 ; ans 5 <end>");
        Assert.Equal("buys 4 = 7 ; gives 2 = 5 ;", Render(AnswerVerifier.Rationale(completion).ToArray()));
        Assert.Equal(5, AnswerVerifier.FinalValue(AnswerVerifier.Rationale(completion)));
        Assert.Null(AnswerVerifier.FinalValue(Parse("buys 4 = 7")));
    }

    [Fact]
    public void SampledProblemsKeepEveryValueInRange()
    {
        var g = new Generator(3);
        for (int i = 0; i < 500; i++)
        {
            var p = ArithmeticProblem.Sample(1 + i % 5, g);
            int v = p.Start;
            foreach (var s in p.Steps)
            {
                Assert.True(s.Valid(v));
                v = s.Apply(v);
                Assert.InRange(v, 0, MaxValue);
            }
            Assert.Equal(v, p.Answer);
            Assert.Equal(p.Prompt(), Parse(p.ToString()));
        }
    }

    [Fact]
    public void DataIsDeterministicPerSeedAndKeepsTestPromptsOutOfTraining()
    {
        var settings = new ReasoningDataSettings { WarmStartProblems = 300, WarmStartHardProblems = 20, BootstrapProblems = 50, TestProblemsPerLevel = 40 };
        var a = ReasoningData.Generate(settings, new Generator(7));
        var b = ReasoningData.Generate(settings, new Generator(7));
        var c = ReasoningData.Generate(settings, new Generator(8));
        Assert.Equal(a.WarmStart.Select(p => p.ToString()), b.WarmStart.Select(p => p.ToString()));
        Assert.Equal(a.Bootstrap.Select(p => p.ToString()), b.Bootstrap.Select(p => p.ToString()));
        Assert.NotEqual(a.Bootstrap.Select(p => p.ToString()), c.Bootstrap.Select(p => p.ToString()));
        Assert.Equal(320, a.WarmStart.Count);
        Assert.Equal(300, a.WarmStart.Count(p => p.Level <= 2));
        Assert.All(a.Bootstrap, p => Assert.Contains(p.Level, settings.HardLevels));
        var test = a.Test.Values.SelectMany(t => t).Select(p => p.ToString()).ToHashSet();
        Assert.Equal(5 * 40, test.Count);
        Assert.DoesNotContain(a.WarmStart.Concat(a.Bootstrap), p => test.Contains(p.ToString()));
    }
}
