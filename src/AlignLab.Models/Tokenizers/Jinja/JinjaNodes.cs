using System.Text;

namespace AlignLab.Models.Tokenizers.Jinja;

/// <summary>Variables of one render: a chain of scopes, as Jinja's for-loops open a new one that <c>set</c> writes into.</summary>
internal sealed class JinjaScope(JinjaScope? parent)
{
    private readonly JinjaScope? parent = parent;
    private readonly Dictionary<string, object?> vars = new(StringComparer.Ordinal);

    public object? Get(string name)
    {
        for (var s = this; s != null; s = s.parent)
            if (s.vars.TryGetValue(name, out var v)) return v;
        return JinjaUndefined.Instance;
    }

    public void Set(string name, object? value) => vars[name] = value;
}

internal abstract record JinjaNode
{
    public abstract void Render(JinjaScope scope, StringBuilder output);
}

internal sealed record TextNode(string Text) : JinjaNode
{
    public override void Render(JinjaScope scope, StringBuilder output) => output.Append(Text);
}

internal sealed record OutputNode(JinjaExpr Expr) : JinjaNode
{
    public override void Render(JinjaScope scope, StringBuilder output) => output.Append(JinjaValues.ToText(Expr.Eval(scope)));
}

internal sealed record BlockNode(List<JinjaNode> Body) : JinjaNode
{
    public override void Render(JinjaScope scope, StringBuilder output)
    {
        foreach (var n in Body) n.Render(scope, output);
    }
}

internal sealed record IfNode(List<(JinjaExpr Condition, BlockNode Body)> Branches, BlockNode? Else) : JinjaNode
{
    public override void Render(JinjaScope scope, StringBuilder output)
    {
        foreach (var (condition, body) in Branches)
            if (JinjaValues.Truthy(condition.Eval(scope))) { body.Render(scope, output); return; }
        Else?.Render(scope, output);
    }
}

internal sealed record ForNode(List<string> Targets, JinjaExpr Source, JinjaExpr? Filter, BlockNode Body, BlockNode? Else) : JinjaNode
{
    public override void Render(JinjaScope scope, StringBuilder output)
    {
        var items = new List<object?>();
        foreach (var item in JinjaValues.Iterate(Source.Eval(scope)))
        {
            if (Filter != null)
            {
                var probe = new JinjaScope(scope);
                Bind(probe, item);
                if (!JinjaValues.Truthy(Filter.Eval(probe))) continue;
            }
            items.Add(item);
        }
        if (items.Count == 0) { Else?.Render(scope, output); return; }
        for (int i = 0; i < items.Count; i++)
        {
            var inner = new JinjaScope(scope);
            Bind(inner, items[i]);
            inner.Set("loop", new Dictionary<string, object?>
            {
                ["index0"] = (long)i, ["index"] = (long)(i + 1), ["first"] = i == 0, ["last"] = i == items.Count - 1,
                ["length"] = (long)items.Count, ["revindex"] = (long)(items.Count - i), ["revindex0"] = (long)(items.Count - i - 1),
                ["previtem"] = i > 0 ? items[i - 1] : JinjaUndefined.Instance, ["nextitem"] = i + 1 < items.Count ? items[i + 1] : JinjaUndefined.Instance,
            });
            Body.Render(inner, output);
        }
    }

    private void Bind(JinjaScope scope, object? item)
    {
        if (Targets.Count == 1) { scope.Set(Targets[0], item); return; }
        var parts = JinjaValues.Iterate(item).ToList();
        if (parts.Count != Targets.Count) throw new JinjaException($"cannot unpack {parts.Count} values into {Targets.Count} loop variables");
        for (int i = 0; i < parts.Count; i++) scope.Set(Targets[i], parts[i]);
    }
}

/// <summary><c>{% set x = ... %}</c>, or <c>{% set ns.x = ... %}</c> on a <c>namespace()</c> (which outlives loop scopes).</summary>
internal sealed record SetNode(string Name, string? Attribute, JinjaExpr Value) : JinjaNode
{
    public override void Render(JinjaScope scope, StringBuilder output)
    {
        var value = Value.Eval(scope);
        if (Attribute == null) { scope.Set(Name, value); return; }
        if (scope.Get(Name) is not JinjaNamespace ns) throw new JinjaException($"'{Name}.{Attribute}' can only be set on a namespace()");
        ns.Values[Attribute] = value;
    }
}

internal sealed class JinjaNamespace
{
    public Dictionary<string, object?> Values { get; } = new(StringComparer.Ordinal);
}
