using AlignLab.Core;
using AlignLab.Methods.PrefEval;
using AlignLab.Methods.PrefEval.Chat;
using AlignLab.Methods.PrefEval.Conversations;
using AlignLab.Models.Gpt2;
using AlignLab.Models.Tokenizers;
using AlignLab.Models.Training;
using AlignLab.Server;

namespace AlignLab.Methods.Tests.PrefEval;

/// <summary>The harness over HTTP against <c>alignlab serve</c> hosted in this process, through the OpenAI SDK, with an LLM judge.</summary>
public class EndToEndServerTests
{
    private static async Task<OpenAiServer> StartAsync()
    {
        var tokenizer = TrainingTokenizer.Train(["i avoid gluten. where should i eat? try the salad in rome.", "what is 2+2? it is 4."], 300);
        var model = new Gpt2Model(new Gpt2Config { VocabSize = tokenizer.VocabSize, NPositions = 2048, NEmbd = 16, NLayer = 1, NHead = 2 }, new Generator(3));
        return await OpenAiServer.StartAsync(model, tokenizer, new ServerOptions { Port = 0, ModelName = "tiny" });
    }

    private static PrefEvalRunRequest Request(PrefEvalFiles files, Uri endpoint, string cache, PrefEvalTask task) => new()
    {
        Data = files.Root, Topic = "t", Cache = cache, Endpoint = endpoint, Model = "tiny", Attempts = 2, FirstBackoff = TimeSpan.FromMilliseconds(10),
        Jsonl = Path.Combine(files.Root, "results.jsonl"),
        Settings = new PrefEvalRunSettings { Task = task, Method = EvalMethod.Rag, Turns = 2, Concurrency = 2, Prompts = MethodPrompts.Default with { MaxTokens = 8, RevisionMaxTokens = 8 } },
    };

    [Fact]
    public async Task RunsOverHttpAndAResumedRunMakesNoNewCalls()
    {
        using var files = new PrefEvalFiles();
        string cache = Path.Combine(files.Root, "cache.db");
        PrefEvalSummary first;
        await using (var server = await StartAsync())
            first = await Request(files, new Uri(server.Url, "v1"), cache, PrefEvalTask.Generation).RunAsync();
        Assert.Equal(3, first.Items);
        Assert.Equal(3 * (2 + 4), first.NewCalls); // own reply + answer, and four judge checks, per item
        Assert.Equal(0, first.CachedCalls);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(files.Root, "results.jsonl")).Length);

        // The server is gone: the rerun can only succeed from the cache.
        var again = await Request(files, new Uri("http://127.0.0.1:9/v1"), cache, PrefEvalTask.Generation).RunAsync();
        Assert.Equal(0, again.NewCalls);
        Assert.Equal(first.NewCalls, again.CachedCalls);
        Assert.Equal(first.Accuracy, again.Accuracy);
        Assert.Equal(first.Results.Select(r => r.Response), again.Results.Select(r => r.Response));
    }

    [Fact]
    public async Task ClassificationShufflesAndParsesOverHttp()
    {
        using var files = new PrefEvalFiles();
        await using var server = await StartAsync();
        var summary = await Request(files, new Uri(server.Url, "v1"), Path.Combine(files.Root, "c.db"), PrefEvalTask.Classification).RunAsync();
        Assert.Equal(3, summary.Items);
        // Python's random.seed(41): the first shuffles put the compliant option (index 0) at positions 2, 3, 2.
        Assert.Equal(["C", "D", "C"], summary.Results.Select(r => r.CorrectChoice));
        Assert.All(summary.Results, r => Assert.Equal(r.Choice == r.CorrectChoice, r.Correct));
    }

    [Fact]
    public async Task AnUnreachableEndpointFailsClearlyAfterBoundedRetriesAndKeepsTheCache()
    {
        using var files = new PrefEvalFiles();
        string cache = Path.Combine(files.Root, "cache.db");
        await using (var server = await StartAsync())
        {
            var partial = Request(files, new Uri(server.Url, "v1"), cache, PrefEvalTask.Generation);
            await partial.RunAsync();
        }
        long stored;
        using (var c = new ResponseCache(cache)) stored = c.Count;
        var dead = Request(files, new Uri("http://127.0.0.1:9/v1"), cache, PrefEvalTask.Generation) with { Settings = Request(files, new Uri("http://x/v1"), cache, PrefEvalTask.Generation).Settings with { Turns = 1 } };
        var e = await Assert.ThrowsAsync<EndpointUnreachableException>(() => dead.RunAsync());
        Assert.Contains("127.0.0.1:9", e.Message);
        Assert.Contains("after 2 attempts", e.Message);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var c = new ResponseCache(cache)) Assert.True(c.Count >= stored);
    }

    [Fact]
    public async Task TheCostCapStopsCleanlyWithThePartialResult()
    {
        using var files = new PrefEvalFiles();
        await using var server = await StartAsync();
        var capped = Request(files, new Uri(server.Url, "v1"), Path.Combine(files.Root, "cap.db"), PrefEvalTask.Generation) with { Cap = new CostCap(MaxCalls: 7) };
        capped = capped with { Settings = capped.Settings with { Concurrency = 1 } };
        var summary = await capped.RunAsync();
        Assert.NotNull(summary.Stopped);
        Assert.Equal(1, summary.Items); // 6 calls per item: the second item cannot finish
        Assert.True(summary.NewCalls <= 7);
    }
}
