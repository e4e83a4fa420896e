using System.Text.RegularExpressions;

namespace AlignLab.Methods.PrefEval.Conversations;

/// <summary>
/// Reads the letter out of a classification answer: the first A–D inside <c>&lt;choice&gt;…&lt;/choice&gt;</c>. The
/// released harness prefills "&lt;choice&gt;" for some models and puts it back in front of the reply; an answer that
/// closes the tag without opening it ("B&lt;/choice&gt;") is read the same way. Null when no letter is found.
/// </summary>
public static partial class ChoiceParser
{
    public static char? Parse(string answer)
    {
        if (!answer.Contains("<choice>", StringComparison.OrdinalIgnoreCase) && answer.Contains("</choice>", StringComparison.OrdinalIgnoreCase))
            answer = "<choice>" + answer;
        var m = Tag().Match(answer);
        if (!m.Success) return null;
        var letter = Letter().Match(m.Groups[1].Value);
        return letter.Success ? letter.Value[0] : null;
    }

    [GeneratedRegex(@"<choice>(.*?)(?:</choice>|$)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Tag();

    [GeneratedRegex("[ABCD]")]
    private static partial Regex Letter();
}
