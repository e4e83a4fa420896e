using AlignLab.Methods.PrefEval;
using AlignLab.Methods.PrefEval.Conversations;
using AlignLab.Methods.PrefEval.Data;
using AlignLab.Methods.PrefEval.Judging;

namespace AlignLab.Methods.Tests.PrefEval;

public class DataAndConversationTests
{
    [Fact]
    public void ReadsEveryFormTheOptionsAndTheFiller()
    {
        using var files = new PrefEvalFiles();
        var data = PrefEvalDataset.Open(files.Root);
        var items = data.Load("t", PreferenceForm.Explicit, withMcq: true);
        Assert.Equal(3, items.Count);
        Assert.Equal("I avoid gluten 1.", items[1].Preference);
        Assert.Equal("good 2", items[2].McqOptions![0]);
        var choice = data.Load("t", PreferenceForm.ImplicitChoice, false)[0].PreferenceConversation;
        Assert.Equal(["user", "assistant", "user", "assistant"], choice.Select(m => m.Role));
        Assert.Equal("salad please", choice[2].Content);
        var persona = data.Load("t", PreferenceForm.ImplicitPersona, false)[0].PreferenceConversation;
        Assert.Equal(["hi, no gluten for me", "hello", "books?", "read more"], persona.Select(m => m.Content));
        var filler = data.LoadFiller();
        Assert.Equal(3, filler.PairCount);
        Assert.Equal(["what is 2+2?", "4", "and 3+3?", "6"], filler.First(2).Select(m => m.Content));
        Assert.Throws<ArgumentException>(() => filler.First(4));
    }

    [Fact]
    public void MalformedDataNamesTheFileAndTheItem()
    {
        using var files = new PrefEvalFiles();
        files.WriteRaw("explicit_preference/t.json", """[{"preference": "a", "question": "b"}, {"preference": "a"}]""");
        var e = Assert.Throws<InvalidDataException>(() => PrefEvalDataset.Open(files.Root).Load("t", PreferenceForm.Explicit, false));
        Assert.Contains(Path.Combine("explicit_preference", "t.json"), e.Message);
        Assert.Contains("item 1", e.Message);
        Assert.Contains("\"question\"", e.Message);
        files.WriteRaw("filtered_inter_turns.json", "[{\"conversation\": [");
        var bad = Assert.Throws<InvalidDataException>(() => PrefEvalDataset.Open(files.Root).LoadFiller());
        Assert.Contains("filtered_inter_turns.json", bad.Message);
        files.WriteRaw("mcq_options/t.json", """[{"classification_task_options": ["a", "b", "c"]}]""");
        var mcq = Assert.Throws<InvalidDataException>(() => PrefEvalDataset.Open(files.Root).LoadMcqOptions("t"));
        Assert.Contains("item 0", mcq.Message);
    }

    [Fact]
    public void ShufflesMatchPythonsRandomSampleWithSeed41()
    {
        // python3: random.seed(41); [random.sample([0,1,2,3], 4) for _ in range(5)]
        int[][] expected = [[3, 1, 0, 2], [3, 2, 1, 0], [3, 2, 0, 1], [0, 1, 3, 2], [2, 0, 1, 3]];
        var rng = new PythonRandom(41);
        foreach (var e in expected) Assert.Equal(e, rng.Sample([0, 1, 2, 3]));
    }

    [Theory]
    [InlineData("<choice>B</choice>", 'B')]
    [InlineData("C</choice>", 'C')]
    [InlineData("I pick <choice> D </choice> because", 'D')]
    [InlineData("the answer is B", null)]
    public void ParsesTheChoice(string answer, char? expected) => Assert.Equal(expected, ChoiceParser.Parse(answer));

    [Fact]
    public void TaxonomyMatchesTheReleasedDefinitions()
    {
        JudgeVerdict V(bool ack, bool hall, bool viol, bool help) => new(ack, "", hall, viol, help);
        Assert.Equal(PreferenceError.Unhelpful, V(true, true, true, false).Error);
        Assert.Equal(PreferenceError.PreferenceUnawareViolation, V(false, true, true, true).Error); // hallucination only counts when acknowledged
        Assert.Equal(PreferenceError.PreferenceHallucinationViolation, V(true, true, true, true).Error);
        Assert.Equal(PreferenceError.Inconsistency, V(true, false, true, true).Error);
        Assert.Equal(PreferenceError.None, V(true, true, false, true).Error); // a hallucinated preference that is not violated counts as correct
    }

    [Fact]
    public async Task ExplicitConversationIsPreferenceOwnReplyFillerQuestionAndSelfCriticMakesThreeCalls()
    {
        using var files = new PrefEvalFiles();
        var data = PrefEvalDataset.Open(files.Root);
        var items = data.Load("t", PreferenceForm.Explicit, false);
        var model = new FakeChatModel(r => r.Messages.Count == 1 ? "noted" : "answer " + r.Messages.Count);
        var judge = new FakeJudge();
        var summary = await PrefEvalRunner.RunAsync(items, data.LoadFiller(), model, judge,
            new PrefEvalRunSettings { Method = EvalMethod.SelfCritic, Turns = 1, Limit = 1 });
        Assert.Equal(4, model.Requests.Count); // own reply, answer, critique, revision
        var first = model.Requests[1].Messages;
        Assert.Equal(["I avoid gluten 0.", "noted", "what is 2+2?", "4", "Where should I eat in Rome 0? (Please respond within 300 words.)"], first.Select(m => m.Content));
        Assert.Equal(300, model.Requests[0].MaxTokens);
        Assert.Equal(500, model.Requests[3].MaxTokens);
        Assert.Equal("Where should I eat in Rome 0?", model.Requests[2].Messages[4].Content); // the bare question, as released
        Assert.Equal(model.Requests[3].Messages[^1].Content, MethodPrompts.Default.Revision("Where should I eat in Rome 0?"));
        Assert.Equal("answer 9", judge.Seen.Single());
        Assert.Equal(1, summary.Items);
    }

    [Fact]
    public async Task LlmJudgeFillsTheTemplatesAndParsesTags()
    {
        using var files = new PrefEvalFiles();
        var item = PrefEvalDataset.Open(files.Root).Load("t", PreferenceForm.Explicit, false)[0];
        var judgeModel = new FakeChatModel(r => r.Messages[^1].Content switch
        {
            var s when s.StartsWith("ACK") => "<preference>you avoid wheat</preference><answer>Yes</answer>",
            var s when s.StartsWith("HALL") => "<explanation>same</explanation><answer>No</answer>",
            var s when s.StartsWith("VIOL") => "<explanation>pasta</explanation><answer>Yes</answer>",
            _ => "<explanation>fine</explanation><answer>Yes</answer>",
        });
        var verdict = await new LlmJudge(judgeModel, JudgeTemplates.Load(Path.Combine(files.Root, "error_type"))).JudgeAsync(item, "try pasta");
        Assert.Equal(PreferenceError.Inconsistency, verdict.Error);
        Assert.Equal("you avoid wheat", verdict.Restatement);
        Assert.Contains(judgeModel.Requests, r => r.Messages[^1].Content == "HALL p=I avoid gluten 0. s=you avoid wheat");
        Assert.All(judgeModel.Requests, r => Assert.Equal(100, r.MaxTokens));
    }

    [Fact]
    public void RetrievalRanksThePreferenceFirstWhenItSharesWordsWithTheQuestion()
    {
        var top = LexicalRetriever.TopK(["what is 2+2?", "i avoid gluten in my food.", "the weather is nice"], "recommend some food in rome.", 2);
        Assert.Equal(1, top[0]);
    }

    private sealed class FakeJudge : IPreferenceJudge
    {
        public List<string> Seen { get; } = new();
        public string Name => "fake-judge";
        public Task<JudgeVerdict> JudgeAsync(PrefEvalItem item, string response, CancellationToken cancel = default)
        {
            Seen.Add(response);
            return Task.FromResult(new JudgeVerdict(false, "", false, false, true));
        }
    }
}
