using System.Globalization;
using System.Text;

namespace AlignLab.Models.Tokenizers.Jinja;

/// <summary>
/// A Jinja subset sufficient for Hugging Face chat templates (Llama 2, Llama 3, Mistral and the like): text,
/// <c>{{ }}</c>, <c>{% if/elif/else %}</c>, <c>{% for x in xs [if c] %}</c> with <c>loop.*</c>, <c>{% set %}</c> (also on a
/// <c>namespace()</c>), comments, <c>-</c> whitespace control with trim_blocks and lstrip_blocks on (as Hugging Face renders),
/// Python-style expressions (indexing, slices, <c>and/or/not</c>, <c>in</c>, <c>is</c> tests, <c>~</c>, arithmetic,
/// conditional expressions), string methods (strip, startswith, ...), filters (trim, length, default, join, tojson, ...)
/// and <c>raise_exception</c>. Macros, <c>include</c>, <c>extends</c> and blocks are not supported: such a template is
/// rejected when it is parsed, with the tag named.
/// </summary>
public sealed class JinjaTemplate
{
    private readonly BlockNode root;

    private JinjaTemplate(BlockNode root) => this.root = root;

    public static JinjaTemplate Parse(string source)
    {
        // Jinja's keep_trailing_newline is off: one newline at the very end of the template is dropped.
        if (source.EndsWith('\n')) source = source[..^(source.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : 1)];
        return new(new Parser(JinjaLexer.Tokenize(source)).ParseTemplate());
    }

    /// <summary>Renders with <paramref name="variables"/> (strings, bools, longs, lists of objects, string-keyed dictionaries).</summary>
    public string Render(IReadOnlyDictionary<string, object?> variables)
    {
        var scope = new JinjaScope(null);
        foreach (var (k, v) in variables) scope.Set(k, v);
        var sb = new StringBuilder();
        root.Render(new JinjaScope(scope), sb);
        return sb.ToString();
    }

    private sealed class Parser(List<JinjaToken> tokens)
    {
        private int at;

        private JinjaToken Peek => at < tokens.Count ? tokens[at] : new(JinjaTokenKind.End, "", -1);

        private JinjaToken Next() => at < tokens.Count ? tokens[at++] : throw new JinjaException("unexpected end of template");

        private bool IsOp(string op) => Peek.Kind == JinjaTokenKind.Operator && Peek.Value == op;

        private bool IsName(string name) => Peek.Kind == JinjaTokenKind.Name && Peek.Value == name;

        private void Expect(string op)
        {
            var t = Next();
            if (t.Kind != JinjaTokenKind.Operator || t.Value != op) throw new JinjaException($"offset {t.Position}: expected '{op}', got '{t.Value}'");
        }

        private string ExpectName()
        {
            var t = Next();
            return t.Kind == JinjaTokenKind.Name ? t.Value : throw new JinjaException($"offset {t.Position}: expected a name, got '{t.Value}'");
        }

        private void ExpectEnd()
        {
            var t = Next();
            if (t.Kind != JinjaTokenKind.End) throw new JinjaException($"offset {t.Position}: unexpected '{t.Value}' before the end of the tag");
        }

        public BlockNode ParseTemplate()
        {
            var body = ParseBody(out string? stop);
            if (stop != null) throw new JinjaException($"'{{% {stop} %}}' without a matching opening tag");
            return body;
        }

        /// <summary>Nodes up to the next statement whose keyword is one of <paramref name="stops"/> (returned, its tag not consumed past the keyword).</summary>
        private BlockNode ParseBody(out string? stoppedAt, params string[] stops)
        {
            var nodes = new List<JinjaNode>();
            while (at < tokens.Count)
            {
                var t = Next();
                switch (t.Kind)
                {
                    case JinjaTokenKind.Text: nodes.Add(new TextNode(t.Value)); break;
                    case JinjaTokenKind.Output:
                        nodes.Add(new OutputNode(ParseExpression()));
                        ExpectEnd();
                        break;
                    case JinjaTokenKind.Statement:
                        var keyword = Peek;
                        string name = ExpectName();
                        if (Array.IndexOf(stops, name) >= 0 || name.StartsWith("end", StringComparison.Ordinal) || name is "elif" or "else")
                        {
                            if (Array.IndexOf(stops, name) < 0) throw new JinjaException($"offset {keyword.Position}: unexpected '{{% {name} %}}'");
                            stoppedAt = name;
                            return new BlockNode(nodes);
                        }
                        nodes.Add(ParseStatement(name, keyword.Position));
                        break;
                    default: throw new JinjaException($"offset {t.Position}: unexpected '{t.Value}'");
                }
            }
            stoppedAt = null;
            if (stops.Length > 0) throw new JinjaException($"the template ends before '{{% {stops[^1]} %}}'");
            return new BlockNode(nodes);
        }

        private JinjaNode ParseStatement(string keyword, int position)
        {
            switch (keyword)
            {
                case "if":
                {
                    var branches = new List<(JinjaExpr, BlockNode)>();
                    var condition = ParseExpression();
                    ExpectEnd();
                    while (true)
                    {
                        var body = ParseBody(out string? stop, "elif", "else", "endif");
                        branches.Add((condition, body));
                        if (stop == "elif") { condition = ParseExpression(); ExpectEnd(); continue; }
                        if (stop == "else")
                        {
                            ExpectEnd();
                            var elseBody = ParseBody(out _, "endif");
                            ExpectEnd();
                            return new IfNode(branches, elseBody);
                        }
                        ExpectEnd();
                        return new IfNode(branches, null);
                    }
                }
                case "for":
                {
                    var targets = new List<string> { ExpectName() };
                    while (IsOp(",")) { Next(); targets.Add(ExpectName()); }
                    if (ExpectName() != "in") throw new JinjaException($"offset {position}: expected 'in' in the for tag");
                    var source = ParseConditional(allowIf: false);
                    JinjaExpr? filter = null;
                    if (IsName("if")) { Next(); filter = ParseExpression(); }
                    ExpectEnd();
                    var body = ParseBody(out string? stop, "else", "endfor");
                    BlockNode? elseBody = null;
                    if (stop == "else") { ExpectEnd(); elseBody = ParseBody(out _, "endfor"); }
                    ExpectEnd();
                    return new ForNode(targets, source, filter, body, elseBody);
                }
                case "set":
                {
                    string name = ExpectName();
                    string? attribute = null;
                    if (IsOp(".")) { Next(); attribute = ExpectName(); }
                    if (!IsOp("=")) throw new JinjaException($"offset {position}: block '{{% set %}}' (without '=') is not supported");
                    Next();
                    var value = ParseExpression();
                    ExpectEnd();
                    return new SetNode(name, attribute, value);
                }
                default:
                    throw new JinjaException($"offset {position}: the tag '{{% {keyword} %}}' is not supported by AlignLab's chat-template interpreter");
            }
        }

        private JinjaExpr ParseExpression() => ParseConditional(allowIf: true);

        private JinjaExpr ParseConditional(bool allowIf)
        {
            var e = ParseOr();
            while (allowIf && IsName("if"))
            {
                Next();
                var condition = ParseOr();
                JinjaExpr? otherwise = null;
                if (IsName("else")) { Next(); otherwise = ParseConditional(allowIf: true); }
                e = new ConditionalExpr(e, condition, otherwise);
            }
            return e;
        }

        private JinjaExpr ParseOr()
        {
            var e = ParseAnd();
            while (IsName("or")) { Next(); e = new BinaryExpr("or", e, ParseAnd()); }
            return e;
        }

        private JinjaExpr ParseAnd()
        {
            var e = ParseNot();
            while (IsName("and")) { Next(); e = new BinaryExpr("and", e, ParseNot()); }
            return e;
        }

        private JinjaExpr ParseNot()
        {
            if (IsName("not")) { Next(); return new UnaryExpr("not", ParseNot()); }
            return ParseCompare();
        }

        private JinjaExpr ParseCompare()
        {
            var e = ParseConcat();
            while (true)
            {
                if (Peek.Kind == JinjaTokenKind.Operator && Peek.Value is "==" or "!=" or "<" or ">" or "<=" or ">=")
                    e = new BinaryExpr(Next().Value, e, ParseConcat());
                else if (IsName("in")) { Next(); e = new BinaryExpr("in", e, ParseConcat()); }
                else if (IsName("not") && at + 1 < tokens.Count && tokens[at + 1] is { Kind: JinjaTokenKind.Name, Value: "in" })
                {
                    at += 2;
                    e = new BinaryExpr("notin", e, ParseConcat());
                }
                else if (IsName("is"))
                {
                    Next();
                    bool negated = false;
                    if (IsName("not")) { Next(); negated = true; }
                    var test = Next();
                    if (test.Kind != JinjaTokenKind.Name) throw new JinjaException($"offset {test.Position}: expected a test name after 'is'");
                    e = new TestExpr(e, test.Value, negated);
                }
                else return e;
            }
        }

        private JinjaExpr ParseConcat()
        {
            var e = ParseAdditive();
            while (IsOp("~")) { Next(); e = new BinaryExpr("~", e, ParseAdditive()); }
            return e;
        }

        private JinjaExpr ParseAdditive()
        {
            var e = ParseMultiplicative();
            while (IsOp("+") || IsOp("-")) e = new BinaryExpr(Next().Value, e, ParseMultiplicative());
            return e;
        }

        private JinjaExpr ParseMultiplicative()
        {
            var e = ParseUnary();
            while (IsOp("*") || IsOp("/") || IsOp("//") || IsOp("%") || IsOp("**")) e = new BinaryExpr(Next().Value, e, ParseUnary());
            return e;
        }

        private JinjaExpr ParseUnary()
        {
            if (IsOp("-")) { Next(); return new UnaryExpr("-", ParseUnary()); }
            if (IsOp("+")) { Next(); return ParseUnary(); }
            var e = ParsePostfix(ParsePrimary());
            while (IsOp("|"))
            {
                Next();
                string filter = ExpectName();
                var (args, kwargs) = IsOp("(") ? ParseArguments() : ([], []);
                e = ParsePostfix(new FilterExpr(e, filter, args, kwargs));
            }
            return e;
        }

        private JinjaExpr ParsePostfix(JinjaExpr e)
        {
            while (true)
            {
                if (IsOp(".")) { Next(); e = new IndexExpr(e, new LiteralExpr(ExpectName())); }
                else if (IsOp("["))
                {
                    Next();
                    JinjaExpr? start = IsOp(":") ? null : ParseExpression();
                    if (IsOp(":"))
                    {
                        Next();
                        JinjaExpr? stop = IsOp("]") || IsOp(":") ? null : ParseExpression();
                        JinjaExpr? step = null;
                        if (IsOp(":")) { Next(); if (!IsOp("]")) step = ParseExpression(); }
                        Expect("]");
                        e = new SliceExpr(e, start, stop, step);
                    }
                    else { Expect("]"); e = new IndexExpr(e, start!); }
                }
                else if (IsOp("("))
                {
                    var (args, kwargs) = ParseArguments();
                    e = new CallExpr(e, args, kwargs);
                }
                else return e;
            }
        }

        private (List<JinjaExpr>, List<(string, JinjaExpr)>) ParseArguments()
        {
            Expect("(");
            var args = new List<JinjaExpr>();
            var kwargs = new List<(string, JinjaExpr)>();
            while (!IsOp(")"))
            {
                if (Peek.Kind == JinjaTokenKind.Name && at + 1 < tokens.Count && tokens[at + 1] is { Kind: JinjaTokenKind.Operator, Value: "=" })
                {
                    string name = Next().Value;
                    Next();
                    kwargs.Add((name, ParseExpression()));
                }
                else args.Add(ParseExpression());
                if (!IsOp(")")) Expect(",");
            }
            Next();
            return (args, kwargs);
        }

        private JinjaExpr ParsePrimary()
        {
            var t = Next();
            switch (t.Kind)
            {
                case JinjaTokenKind.String:
                {
                    // Adjacent literals concatenate, as in Python.
                    string s = t.Value;
                    while (Peek.Kind == JinjaTokenKind.String) s += Next().Value;
                    return new LiteralExpr(s);
                }
                case JinjaTokenKind.Integer:
                    if (IsOp(".") && at + 1 < tokens.Count && tokens[at + 1].Kind == JinjaTokenKind.Integer)
                    {
                        Next();
                        return new LiteralExpr(double.Parse(t.Value + "." + Next().Value, CultureInfo.InvariantCulture));
                    }
                    return new LiteralExpr(long.Parse(t.Value, CultureInfo.InvariantCulture));
                case JinjaTokenKind.Name:
                    return t.Value switch
                    {
                        "true" or "True" => new LiteralExpr(true),
                        "false" or "False" => new LiteralExpr(false),
                        "none" or "None" => new LiteralExpr(null),
                        _ => new NameExpr(t.Value),
                    };
                case JinjaTokenKind.Operator when t.Value == "(":
                {
                    var e = ParseExpression();
                    Expect(")");
                    return e;
                }
                case JinjaTokenKind.Operator when t.Value == "[":
                {
                    var items = new List<JinjaExpr>();
                    while (!IsOp("]")) { items.Add(ParseExpression()); if (!IsOp("]")) Expect(","); }
                    Next();
                    return new ListExpr(items);
                }
                case JinjaTokenKind.Operator when t.Value == "{":
                {
                    var items = new List<(JinjaExpr, JinjaExpr)>();
                    while (!IsOp("}"))
                    {
                        var k = ParseExpression();
                        Expect(":");
                        items.Add((k, ParseExpression()));
                        if (!IsOp("}")) Expect(",");
                    }
                    Next();
                    return new DictExpr(items);
                }
                default:
                    throw new JinjaException(t.Kind == JinjaTokenKind.End ? $"offset {t.Position}: the tag ends where an expression was expected"
                                                                          : $"offset {t.Position}: unexpected '{t.Value}'");
            }
        }
    }
}
