namespace AlignLab.Models.Tokenizers.Jinja;

internal abstract record JinjaExpr
{
    public abstract object? Eval(JinjaScope scope);
}

internal sealed record LiteralExpr(object? Value) : JinjaExpr
{
    public override object? Eval(JinjaScope scope) => Value;
}

internal sealed record NameExpr(string Name) : JinjaExpr
{
    public override object? Eval(JinjaScope scope) => scope.Get(Name);
}

internal sealed record ListExpr(List<JinjaExpr> Items) : JinjaExpr
{
    public override object? Eval(JinjaScope scope) => Items.Select(i => i.Eval(scope)).ToList();
}

internal sealed record DictExpr(List<(JinjaExpr Key, JinjaExpr Value)> Items) : JinjaExpr
{
    public override object? Eval(JinjaScope scope)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in Items) d[JinjaValues.ToText(k.Eval(scope))] = v.Eval(scope);
        return d;
    }
}

/// <summary><c>a.b</c> and <c>a['b']</c>: both look up a key, an attribute or an index; missing is undefined.</summary>
internal sealed record IndexExpr(JinjaExpr Target, JinjaExpr Index) : JinjaExpr
{
    public override object? Eval(JinjaScope scope) => JinjaValues.GetItem(Target.Eval(scope), Index.Eval(scope));
}

internal sealed record SliceExpr(JinjaExpr Target, JinjaExpr? Start, JinjaExpr? Stop, JinjaExpr? Step) : JinjaExpr
{
    public override object? Eval(JinjaScope scope) =>
        JinjaValues.Slice(Target.Eval(scope), Start?.Eval(scope), Stop?.Eval(scope), Step?.Eval(scope));
}

internal sealed record UnaryExpr(string Op, JinjaExpr Operand) : JinjaExpr
{
    public override object? Eval(JinjaScope scope)
    {
        var v = Operand.Eval(scope);
        return Op switch
        {
            "not" => !JinjaValues.Truthy(v),
            "-" => v is long l ? (object)(-l) : -JinjaValues.ToDouble(v),
            _ => v,
        };
    }
}

internal sealed record BinaryExpr(string Op, JinjaExpr Left, JinjaExpr Right) : JinjaExpr
{
    public override object? Eval(JinjaScope scope)
    {
        switch (Op)
        {
            case "and": { var l = Left.Eval(scope); return JinjaValues.Truthy(l) ? Right.Eval(scope) : l; }
            case "or": { var l = Left.Eval(scope); return JinjaValues.Truthy(l) ? l : Right.Eval(scope); }
        }
        return JinjaValues.Binary(Op, Left.Eval(scope), Right.Eval(scope));
    }
}

internal sealed record ConditionalExpr(JinjaExpr Then, JinjaExpr Condition, JinjaExpr? Else) : JinjaExpr
{
    public override object? Eval(JinjaScope scope) =>
        JinjaValues.Truthy(Condition.Eval(scope)) ? Then.Eval(scope) : Else?.Eval(scope) ?? JinjaUndefined.Instance;
}

/// <summary><c>x is defined</c>, <c>x is not none</c>, ...</summary>
internal sealed record TestExpr(JinjaExpr Value, string Test, bool Negated) : JinjaExpr
{
    public override object? Eval(JinjaScope scope) => JinjaValues.Test(Value.Eval(scope), Test) != Negated;
}

internal sealed record CallExpr(JinjaExpr Callee, List<JinjaExpr> Args, List<(string Name, JinjaExpr Value)> Kwargs) : JinjaExpr
{
    public override object? Eval(JinjaScope scope)
    {
        var args = Args.Select(a => a.Eval(scope)).ToList();
        var kwargs = Kwargs.ToDictionary(k => k.Name, k => k.Value.Eval(scope));
        // A method call on a value (content.strip()) or a global function (raise_exception, namespace, range).
        if (Callee is IndexExpr { Index: LiteralExpr { Value: string method } } m)
            return JinjaValues.CallMethod(m.Target.Eval(scope), method, args);
        if (Callee is NameExpr n) return JinjaValues.CallGlobal(n.Name, args, kwargs);
        throw new JinjaException("only methods and global functions can be called");
    }
}

internal sealed record FilterExpr(JinjaExpr Value, string Filter, List<JinjaExpr> Args, List<(string Name, JinjaExpr Value)> Kwargs) : JinjaExpr
{
    public override object? Eval(JinjaScope scope) =>
        JinjaValues.ApplyFilter(Value.Eval(scope), Filter, Args.Select(a => a.Eval(scope)).ToList(), Kwargs.ToDictionary(k => k.Name, k => k.Value.Eval(scope)));
}
