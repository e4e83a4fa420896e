using System.Text.RegularExpressions;

namespace AlignLab.Methods.PrefEval.Judging;

/// <summary>The text of the first &lt;tag&gt;…&lt;/tag&gt; in a judge's answer (to the end if never closed), trimmed; "" when absent.</summary>
public static class XmlTags
{
    public static string First(string text, string tag)
    {
        var m = Regex.Match(text, $@"<{Regex.Escape(tag)}\s*>(.*?)(?:</{Regex.Escape(tag)}\s*>|$)", RegexOptions.IgnoreCase | RegexOptions.Singleline);
        return m.Success ? Regex.Replace(m.Groups[1].Value, "<[^>]*>", "").Trim() : "";
    }
}
