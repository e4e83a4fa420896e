using System.Text.Json;
using AlignLab.Models.Tokenizers;
using AlignLab.Models.Tokenizers.Jinja;

namespace AlignLab.Models.Tests.Tokenizers;

/// <summary>
/// Llama 2, Llama 3 and Mistral chat templates (and a multi-line one using whitespace control, a namespace, slices and
/// filters) render exactly as transformers.js's Jinja engine renders them (tests/reference/make_mistral_tokenizer_reference.js).
/// </summary>
public class HfChatFormatTests
{
    private static JsonElement Expected => RealMistralVocabularyTests.Expected;

    public static TheoryData<string, string, bool, string> Cases()
    {
        var data = new TheoryData<string, string, bool, string>();
        foreach (var c in Expected.GetProperty("chats").EnumerateArray())
            data.Add(c.GetProperty("template").GetString()!, c.GetProperty("messages").GetRawText(), c.GetProperty("add_generation_prompt").GetBoolean(), c.GetProperty("text").GetString()!);
        return data;
    }

    private static List<ChatMessage> Messages(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();

    private static HfChatFormat Format(string name) =>
        new(Expected.GetProperty("templates").GetProperty(name).GetString()!, Expected.GetProperty("bos_token").GetString()!, Expected.GetProperty("eos_token").GetString()!, name);

    [Theory, MemberData(nameof(Cases))]
    public void RendersAsTransformersJsDoes(string template, string messages, bool addGenerationPrompt, string expected) =>
        Assert.Equal(expected, Format(template).Render(Messages(messages), addGenerationPrompt));

    [Fact]
    public void TheTemplatesOwnErrorIsOneLineNamingIt()
    {
        var error = Expected.GetProperty("error");
        var e = Assert.Throws<ArgumentException>(() => Format("llama2").Render(Messages(error.GetProperty("messages").GetRawText()), false));
        Assert.Equal($"messages: {error.GetProperty("message").GetString()} (raised by llama2)", e.Message);
    }

    [Fact]
    public void EndOfTurnIsEotForLlama3AndEosOtherwise()
    {
        Assert.Equal("<|eot_id|>", Format("llama3").EndOfTurn);
        Assert.Equal("</s>", Format("mistral").EndOfTurn);
        Assert.True(Format("mistral").RendersBeginOfText);
    }

    [Theory]
    [InlineData("{% macro m() %}x{% endmacro %}", "the tag '{% macro %}' is not supported")]
    [InlineData("{% if x %}never closed", "the template ends before '{% endif %}'")]
    [InlineData("{{ 'a' + }}", "the tag ends where an expression was expected")]
    [InlineData("{% for x in y %}{% endif %}", "unexpected '{% endif %}'")]
    public void UnsupportedOrBrokenTemplatesAreRejectedWhenLoaded(string template, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => new HfChatFormat(template, "<s>", "</s>", "cfg chat_template"));
        Assert.StartsWith("cfg chat_template: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("{{ 7 // 2 }} {{ -7 % 3 }} {{ 2 ** 3 }} {{ 'ab' * 2 }}", "3 2 8 abab")]
    [InlineData("{{ [1, 2, 3][1:] | length }} {{ 'hello'[::-1] }} {{ [1,2,3] | join('-') }}", "2 olleh 1-2-3")]
    [InlineData("{{ x | default('none') }} {{ x is defined }} {{ 'a' in 'cat' }} {{ 3 not in [1, 2] }}", "none False True True")]
    [InlineData("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }}{% if not loop.last %},{% endif %}{% endfor %}", "a=1,b=2")]
    [InlineData("{% for x in [] %}a{% else %}empty{% endfor %}", "empty")]
    [InlineData("  {%- if true -%}  yes  {%- endif %}\n!", "yes!")]
    public void ExpressionsFollowJinja(string template, string expected) =>
        Assert.Equal(expected, JinjaTemplate.Parse(template).Render(new Dictionary<string, object?>()));
}
