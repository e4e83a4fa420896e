using System.Text.Json;
using AlignLab.Core.Tests;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

/// <summary>
/// <see cref="TokenizerLoader"/> on tiny tokenizer files these tests write themselves: a SentencePiece tokenizer.model
/// (protobuf bytes), a Llama 3-style tokenizer.json; expected ids are worked out by hand in the comments.
/// </summary>
public sealed class TokenizerLoaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("alignlab-tok-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>0 unk, 1 &lt;s&gt;, 2 &lt;/s&gt;, 3..258 the bytes, then ▁ a b c ▁a ab ▁ab with ▁a merging first.</summary>
    private void WriteTinySentencePiece(string? chatTemplate = null)
    {
        var pieces = new List<SentencePiece> { new("<unk>", 0, SentencePieceType.Unknown), new("<s>", 0, SentencePieceType.Control), new("</s>", 0, SentencePieceType.Control) };
        for (int b = 0; b < 256; b++) pieces.Add(new($"<0x{b:X2}>", 0, SentencePieceType.Byte));
        foreach (var (p, score) in new[] { ("\u2581", 0f), ("a", 0f), ("b", 0f), ("c", 0f), ("\u2581a", -1f), ("ab", -2f), ("\u2581ab", -3f) })
            pieces.Add(new(p, score));
        File.WriteAllBytes(Path.Combine(dir, "tokenizer.model"), SentencePieceModelWriter.Write(pieces, new()));
        var config = new Dictionary<string, object?> { ["add_bos_token"] = true, ["bos_token"] = "<s>", ["eos_token"] = "</s>" };
        if (chatTemplate != null) config["chat_template"] = chatTemplate;
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), JsonSerializer.Serialize(config));
    }

    [Fact]
    public void SentencePieceModelMergesByScoreAndFallsBackToBytes()
    {
        WriteTinySentencePiece();
        var tok = TokenizerLoader.Load(dir);
        Assert.Contains("SentencePiece", tok.Kind);
        // "ab ca" -> ▁ a b ▁ c a: ▁a (score -1) merges first, then ▁ab (-3); "ca" is no piece.
        Assert.Equal([265, 259, 262, 260], tok.Encode("ab ca"));
        // é is no piece: its UTF-8 bytes C3 A9 become <0xC3> = 3 + 0xC3 and <0xA9> = 3 + 0xA9.
        Assert.Equal([259, 3 + 0xC3, 3 + 0xA9], tok.Encode("é"));
        Assert.Equal([1, 265], tok.EncodeDocument("ab"));
        Assert.Equal((1, 2), (tok.BeginOfTextId, tok.EndOfTextId));
        Assert.Equal("ab ca é", tok.Decode([265, 259, 262, 260, 259, 3 + 0xC3, 3 + 0xA9]));
        Assert.Equal(" ab", System.Text.Encoding.UTF8.GetString(tok.BytesOf(265)));
        Assert.Equal([0xC3], tok.BytesOf(3 + 0xC3).ToArray());
        Assert.Null(tok.Chat);
    }

    [Fact]
    public void ChatTemplateComesFromTheConfigAndSavingCopiesTheFiles()
    {
        WriteTinySentencePiece("{{ bos_token }}{% for m in messages %}{{ m['content'] }}{{ eos_token }}{% endfor %}");
        var tok = TokenizerLoader.Load(dir);
        Assert.Equal("<s>ab</s>c</s>", tok.Chat!.Render([new("user", "ab"), new("assistant", "c")], false));
        Assert.Equal([1, 265, 2, 259, 262, 2], tok.Encode(tok.Chat.Render([new("user", "ab"), new("assistant", "c")], false)));
        string copy = Path.Combine(dir, "saved");
        tok.Save(copy);
        Assert.True(File.Exists(Path.Combine(copy, "tokenizer.model")) && File.Exists(Path.Combine(copy, "tokenizer_config.json")));
        Assert.Equal(tok.Encode("ab ca é"), TokenizerLoader.Load(copy).Encode("ab ca é"));
    }

    private const string Llama3Split = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The 256 byte tokens in GPT-2 order (id 83 is 't'), Ġt 256, he 257, Ġthe 258; &lt;|begin_of_text|&gt; 259, &lt;|eot_id|&gt; 260.</summary>
    private void WriteTinyLlama3(params string[] merges)
    {
        var vocab = new Dictionary<string, int>();
        foreach (byte b in ByteUnicodeMap.BytesInGpt2Order) vocab[ByteUnicodeMap.ToChar(b).ToString()] = vocab.Count;
        vocab["Ġt"] = 256; vocab["he"] = 257; vocab["Ġthe"] = 258;
        var json = new
        {
            added_tokens = new[] { new { id = 259, content = "<|begin_of_text|>", special = true }, new { id = 260, content = "<|eot_id|>", special = true } },
            pre_tokenizer = new
            {
                type = "Sequence",
                pretokenizers = new object[] { new { type = "Split", pattern = new { Regex = Llama3Split }, behavior = "Isolated" }, new { type = "ByteLevel", use_regex = false } },
            },
            post_processor = new { type = "TemplateProcessing", single = new object[] { new { SpecialToken = new { id = "<|begin_of_text|>" } }, new { Sequence = new { id = "A" } } } },
            model = new { type = "BPE", vocab, merges, ignore_merges = true },
        };
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"), JsonSerializer.Serialize(json));
    }

    [Fact]
    public void Llama3TokenizerJsonUsesIdsAsTiktokenRanks()
    {
        WriteTinyLlama3("Ġ t", "h e", "Ġt he");
        var tok = TokenizerLoader.Load(dir);
        Assert.Contains("Tiktoken", tok.Kind);
        // "the the" splits as "the" | " the": t+he (no "the" token) = 83 257, then Ġt, he, Ġthe = 258.
        Assert.Equal([83, 257, 258], tok.Encode("the the"));
        Assert.Equal([259, 83, 257, 258], tok.EncodeDocument("the the"));
        Assert.Equal([258, 260], tok.Encode(" the<|eot_id|>"));
        Assert.Equal("the the", tok.Decode([83, 257, 258]));
        Assert.True(tok.IsSpecial(260));
        Assert.Equal(" the", System.Text.Encoding.UTF8.GetString(tok.BytesOf(258)));
    }

    [Fact]
    public void MergesOutOfIdOrderAreRejectedNotEncodedDifferently()
    {
        WriteTinyLlama3("h e", "Ġ t", "Ġt he");
        var e = Assert.Throws<InvalidDataException>(() => TokenizerLoader.Load(dir));
        Assert.Contains("tokenizer.json: model.merges[1] makes id 256 after id 257", e.Message);
    }

    [Fact]
    public void Gpt2FilesStayWithOurByteLevelBpe() =>
        Assert.IsType<ByteLevelBpeTokenizer>(TokenizerLoader.Load(TestPaths.Reference("gpt2_tokenizer")));

    [Fact]
    public void AFolderWithoutTokenizerFilesIsOneLineNamingItAndTheFilesExpected()
    {
        var e = Assert.Throws<FileNotFoundException>(() => TokenizerLoader.Load(dir));
        Assert.Equal($"no tokenizer in '{dir}': expected vocab.json + merges.txt, encoder.json + vocab.bpe, tokenizer.model or tokenizer.json", e.Message);
    }
}
