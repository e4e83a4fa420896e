using AlignLab.Core;
using AlignLab.Core.Tests;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Cli.Tests;

/// <summary>The scripting shapes issue 3 fixes (one JSON object on stdout), checked against the library.</summary>
[Collection(CliCollection.Name)]
public class LanguageModelCommandTests
{
    private static readonly string Gpt2 = TestPaths.Reference("gpt2_tiny");

    [Fact]
    public void TokenizePrintsTheIdsOfTheRealGpt2Vocabulary()
    {
        var r = Cli.Run("tokenize", "--tokenizer", TestPaths.Reference("gpt2_tokenizer"), "--text", "Hello world", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal([15496, 995], r.Json.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void TokenizePicksMistralsSentencePieceTokenizerFromItsFolder()
    {
        // Ids from transformers.js on the same tokenizer.json (tests/reference/mistral_tokenizer/expected.json).
        var r = Cli.Run("tokenize", "--tokenizer", TestPaths.Reference("mistral_tokenizer"), "--text", "Hello world", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal([22557, 1526], r.Json.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void ScorePrintsOneLogProbabilityPerPredictedToken()
    {
        int[] ids = [3, 14, 15, 92, 65];
        var r = Cli.Run("score", "--model", Gpt2, "--ids", string.Join(',', ids), "--json");
        Assert.Equal(0, r.ExitCode);
        var logprobs = r.Json.GetProperty("logprobs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var expected = SequenceScorer.TokenLogProbs(HfCheckpoint.Load(Gpt2), ids);
        Assert.Equal(ids.Length - 1, logprobs.Length);
        for (int i = 0; i < logprobs.Length; i++) Assert.Equal(expected[i], logprobs[i], 4);
    }

    [Fact]
    public void GreedyGeneratePrintsOnlyTheNewTokens()
    {
        int[] prompt = [3, 14, 15];
        var r = Cli.Run("generate", "--model", Gpt2, "--ids", "3,14,15", "--max-new-tokens", "6", "--temperature", "0", "--json");
        Assert.Equal(0, r.ExitCode);
        var expected = TextGenerator.Generate(HfCheckpoint.Load(Gpt2), prompt, new GenerationOptions { MaxNewTokens = 6 });
        Assert.Equal(expected, r.Json.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void TokenizeDecodesIdsBackIntoText()
    {
        var r = Cli.Run("tokenize", "--tokenizer", TestPaths.Reference("gpt2_tokenizer"), "--decode", "15496,995");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Hello world", r.Out);
        var json = Cli.Run("tokenize", "--tokenizer", TestPaths.Reference("gpt2_tokenizer"), "--decode", "15496,995", "--json");
        Assert.Equal("Hello world", json.Json.GetProperty("text").GetString());
    }

    [Fact]
    public void GenerateFromATextPromptPrintsTheContinuationAsText()
    {
        var (model, tokenizer) = AlignLab.Server.Tests.TinyModel.Load();
        const string prompt = "the cat sees";
        var r = Cli.Run("generate", "--model", AlignLab.Server.Tests.TinyModel.Directory, "--prompt", prompt, "--max-new-tokens", "5");
        Assert.Equal(0, r.ExitCode);
        var options = new GenerationOptions { MaxNewTokens = 5, StopIds = [tokenizer.EndOfTextId!.Value] };
        var expected = TextGenerator.Generate(model, tokenizer.Encode(prompt).ToArray(), options);
        Assert.Equal(tokenizer.Decode(expected).Trim(), r.Out);

        var json = Cli.Run("generate", "--model", AlignLab.Server.Tests.TinyModel.Directory, "--prompt", prompt, "--max-new-tokens", "5", "--json");
        Assert.Equal(expected, json.Json.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(tokenizer.Decode(expected), json.Json.GetProperty("text").GetString());
    }

    [Fact]
    public void ScoreOfATextPromptPrintsEachTokenAndTheTotal()
    {
        var (model, tokenizer) = AlignLab.Server.Tests.TinyModel.Load();
        var ids = tokenizer.Encode("a dog likes the ball.").ToArray();
        var r = Cli.Run("score", "--model", AlignLab.Server.Tests.TinyModel.Directory, "--prompt", "a dog likes the ball.");
        Assert.Equal(0, r.ExitCode);
        var lines = r.Out.Split('\n');
        Assert.Equal(ids.Length, lines.Length); // one per predicted token, then the total
        double total = SequenceScorer.TokenLogProbs(model, ids).Sum(x => (double)x);
        Assert.Equal($"total {total.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)} over {ids.Length - 1} tokens", lines[^1]);
        Assert.Contains("\" ball\"", r.Out);
    }
}
