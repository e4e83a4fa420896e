using System.Globalization;
using System.Text;

namespace AlignLab.Models.Tokenizers.Jinja;

internal enum JinjaTokenKind { Text, Output, Statement, Name, String, Integer, Operator, End }

internal readonly record struct JinjaToken(JinjaTokenKind Kind, string Value, int Position);

/// <summary>
/// Splits a template into text, <c>{{ }}</c> and <c>{% %}</c> parts (comments dropped), applying <c>-</c> whitespace
/// control and Hugging Face's <c>trim_blocks</c> + <c>lstrip_blocks</c>, then tokenizes the inside of each tag.
/// </summary>
internal static class JinjaLexer
{
    /// <summary>The template's parts: Text tokens, and Output/Statement markers each followed by their expression tokens and an End.</summary>
    public static List<JinjaToken> Tokenize(string source)
    {
        var parts = new List<JinjaToken>();
        int i = 0;
        bool trimNextText = false, trimNextNewline = false;
        while (i < source.Length)
        {
            int open = FindTag(source, i);
            string text = source[i..(open < 0 ? source.Length : open)];
            if (trimNextText) text = text.TrimStart();
            else if (trimNextNewline && text.StartsWith('\n')) text = text[1..];
            else if (trimNextNewline && text.StartsWith("\r\n", StringComparison.Ordinal)) text = text[2..];
            if (open < 0) { if (text.Length > 0) parts.Add(new(JinjaTokenKind.Text, text, i)); break; }

            char kind = source[open + 1];
            bool trimLeft = open + 2 < source.Length && source[open + 2] == '-';
            if (trimLeft) text = text.TrimEnd();
            else if (kind is '%' or '#' && !(open + 2 < source.Length && source[open + 2] == '+')) text = LstripBlock(text);
            if (text.Length > 0) parts.Add(new(JinjaTokenKind.Text, text, i));

            string close = kind switch { '{' => "}}", '%' => "%}", _ => "#}" };
            int bodyStart = open + 2 + (trimLeft || (open + 2 < source.Length && source[open + 2] == '+') ? 1 : 0);
            int end = kind == '#' ? source.IndexOf(close, bodyStart, StringComparison.Ordinal) : FindClose(source, bodyStart, close);
            if (end < 0) throw new JinjaException($"the tag at offset {open} is never closed with '{close}'");
            bool trimRight = end > bodyStart && source[end - 1] == '-';
            string body = source[bodyStart..(trimRight ? end - 1 : end)];
            if (kind != '#')
            {
                parts.Add(new(kind == '{' ? JinjaTokenKind.Output : JinjaTokenKind.Statement, "", open));
                TokenizeExpression(body, bodyStart, parts);
                parts.Add(new(JinjaTokenKind.End, "", end));
            }
            trimNextText = trimRight;
            trimNextNewline = kind is '%' or '#';
            i = end + 2;
        }
        return parts;
    }

    private static int FindTag(string s, int from)
    {
        for (int i = s.IndexOf('{', from); i >= 0 && i + 1 < s.Length; i = s.IndexOf('{', i + 1))
            if (s[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    /// <summary>The closing delimiter outside string literals (a template may print '%}' inside quotes).</summary>
    private static int FindClose(string s, int from, string close)
    {
        char quote = '\0';
        for (int i = from; i + 1 < s.Length; i++)
        {
            char c = s[i];
            if (quote != '\0') { if (c == '\\') i++; else if (c == quote) quote = '\0'; }
            else if (c is '\'' or '"') quote = c;
            else if (c == close[0] && s[i + 1] == close[1]) return i;
        }
        return -1;
    }

    /// <summary>lstrip_blocks: spaces and tabs between the last newline and a block tag are dropped.</summary>
    private static string LstripBlock(string text)
    {
        int j = text.Length;
        while (j > 0 && text[j - 1] is ' ' or '\t') j--;
        return j == 0 || text[j - 1] == '\n' ? text[..j] : text;
    }

    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "//", "**", "+", "-", "*", "/", "%", "~", "<", ">", "(", ")", "[", "]", "{", "}", ".", ",", ":", "|", "="];

    private static void TokenizeExpression(string body, int offset, List<JinjaToken> output)
    {
        int i = 0;
        while (i < body.Length)
        {
            char c = body[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            int at = offset + i;
            if (char.IsLetter(c) || c == '_')
            {
                int s = i;
                while (i < body.Length && (char.IsLetterOrDigit(body[i]) || body[i] == '_')) i++;
                output.Add(new(JinjaTokenKind.Name, body[s..i], at));
            }
            else if (char.IsAsciiDigit(c))
            {
                int s = i;
                while (i < body.Length && char.IsAsciiDigit(body[i])) i++;
                output.Add(new(JinjaTokenKind.Integer, body[s..i], at));
            }
            else if (c is '\'' or '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= body.Length) throw new JinjaException($"offset {at}: unterminated string literal");
                    char d = body[i++];
                    if (d == c) break;
                    if (d != '\\' || i >= body.Length) { sb.Append(d); continue; }
                    char e = body[i++];
                    switch (e)
                    {
                        case 'n': sb.Append('\n'); break;
                        case 't': sb.Append('\t'); break;
                        case 'r': sb.Append('\r'); break;
                        case 'u' when i + 4 <= body.Length:
                            sb.Append((char)int.Parse(body.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)); i += 4; break;
                        default: sb.Append(e); break; // \\ \' \"
                    }
                }
                output.Add(new(JinjaTokenKind.String, sb.ToString(), at));
            }
            else
            {
                string? op = null;
                foreach (var o in Operators)
                    if (string.CompareOrdinal(body, i, o, 0, o.Length) == 0) { op = o; break; }
                if (op == null) throw new JinjaException($"offset {at}: unexpected character '{c}'");
                output.Add(new(JinjaTokenKind.Operator, op, at));
                i += op.Length;
            }
        }
    }
}

/// <summary>A template that cannot be parsed or rendered; the message is one line.</summary>
public sealed class JinjaException(string message) : Exception(message);
