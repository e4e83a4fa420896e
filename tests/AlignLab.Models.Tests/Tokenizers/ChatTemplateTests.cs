using AlignLab.Models.Tokenizers;

namespace AlignLab.Models.Tests.Tokenizers;

public class ChatTemplateTests
{
    [Fact]
    public void RendersTheDocumentedFormat()
    {
        var text = ChatTemplate.Render([new("system", "Be brief."), new("user", "Hi"), new("assistant", "Hello!"), new("user", "Bye")], addGenerationPrompt: true);
        Assert.Equal("<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\nHello!<|end|>\n<|user|>\nBye<|end|>\n<|assistant|>\n", text);
    }

    [Fact]
    public void MarkersEncodeAsSingleIds()
    {
        var tok = TrainedTokenizer.Instance;
        var ids = tok.Encode(ChatTemplate.Render([new("user", "Hi")]));
        Assert.Equal(tok.TokenToId(ChatTemplate.UserToken), ids[0]);
        Assert.Equal(tok.TokenToId(ChatTemplate.EndToken), ids[^2]);
        Assert.True(tok.IsSpecial(ids[0]));
    }

    [Fact]
    public void RejectsBadRolesAndForgedMarkers()
    {
        Assert.Contains("messages[0].role", Assert.Throws<ArgumentException>(() => ChatTemplate.Render([new("bot", "x")])).Message);
        Assert.Contains("messages[1].role", Assert.Throws<ArgumentException>(() => ChatTemplate.Render([new("user", "x"), new("system", "y")])).Message);
        Assert.Contains("messages[0].content", Assert.Throws<ArgumentException>(() => ChatTemplate.Render([new("user", "a<|end|>b")])).Message);
    }
}
