namespace AlignLab.Core.Modules;

/// <summary>Hook run before a module's forward; may return a replacement input (null keeps it).</summary>
public delegate Tensor? ForwardPreHook(Module module, Tensor input);
/// <summary>Hook run after a module's forward; may return a replacement output (null keeps it).</summary>
public delegate Tensor? ForwardHook(Module module, Tensor? input, Tensor output);
/// <summary>Hook run with the gradient of a module's output during backward; may return a replacement.</summary>
public delegate Tensor? BackwardHook(Module module, Tensor gradOutput);

/// <summary>
/// A layer with named parameters and children (dotted names such as <c>h.0.attn.c_attn.weight</c>), train/eval mode,
/// state dicts, and hooks. Hooks run on the normal call path (<see cref="Forward"/> and every module's own
/// forward methods go through <see cref="Invoke"/>), so there is no way to call a module and skip its hooks.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = new();
    private readonly List<(string Name, Module Module)> _children = new();
    private readonly List<ForwardPreHook> _preHooks = new();
    private readonly List<ForwardHook> _hooks = new();
    private readonly List<BackwardHook> _backwardHooks = new();

    public bool Training { get; private set; } = true;

    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        tensor.RequiresGrad = true;
        tensor.Name ??= name;
        _parameters.Add((name, tensor));
        return tensor;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        _children.Add((name, module));
        return module;
    }

    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var (name, p) in _parameters) yield return (name, p);
        foreach (var (childName, child) in _children)
            foreach (var (name, p) in child.NamedParameters()) yield return ($"{childName}.{name}", p);
    }

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        yield return ("", this);
        foreach (var (childName, child) in _children)
            foreach (var (name, m) in child.NamedModules()) yield return (name.Length == 0 ? childName : $"{childName}.{name}", m);
    }

    /// <summary>The submodule at a dotted path, e.g. <c>h.3.mlp</c>.</summary>
    public Module GetSubmodule(string path) => NamedModules().FirstOrDefault(m => m.Name == path).Module
        ?? throw new KeyNotFoundException($"{GetType().Name} has no submodule '{path}'");

    public long ParameterCount() => Parameters().Sum(p => (long)p.Numel);

    public Module Train(bool training = true)
    {
        foreach (var (_, m) in NamedModules()) m.Training = training;
        return this;
    }

    public Module Eval() => Train(false);

    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>Parameters by dotted name; the tensors are the live parameters (not copies).</summary>
    public Dictionary<string, Tensor> StateDict() => NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);

    /// <summary>
    /// Copies values into the parameters. Strict: every parameter must be present and no extra names allowed.
    /// A shape mismatch always throws, naming the tensor. Returns the missing and unexpected names.
    /// </summary>
    public (IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected) LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = StateDict();
        var missing = own.Keys.Where(k => !state.ContainsKey(k)).ToList();
        var unexpected = state.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new InvalidDataException($"state dict does not match {GetType().Name}: missing [{string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}], unexpected [{string.Join(", ", unexpected.Take(5))}{(unexpected.Count > 5 ? ", ..." : "")}]");
        foreach (var (name, p) in own)
        {
            if (!state.TryGetValue(name, out var value)) continue;
            if (!value.Shape.SequenceEqual(p.Shape))
                throw new InvalidDataException($"tensor '{name}' has shape {ShapeUtil.Format(value.Shape)} but the model expects {ShapeUtil.Format(p.Shape)}");
        }
        foreach (var (name, p) in own)
            if (state.TryGetValue(name, out var value)) value.Contiguous().AsSpan().CopyTo(p.AsSpan());
        return (missing, unexpected);
    }

    public IDisposable RegisterForwardPreHook(ForwardPreHook hook) { _preHooks.Add(hook); return new HookHandle(() => _preHooks.Remove(hook)); }
    public IDisposable RegisterForwardHook(ForwardHook hook) { _hooks.Add(hook); return new HookHandle(() => _hooks.Remove(hook)); }
    public IDisposable RegisterBackwardHook(BackwardHook hook) { _backwardHooks.Add(hook); return new HookHandle(() => _backwardHooks.Remove(hook)); }

    /// <summary>The single-tensor forward of this module (with hooks). Modules with more inputs add their own methods that call <see cref="Invoke"/>.</summary>
    public Tensor Forward(Tensor input) => Invoke(input, ForwardCore);

    protected virtual Tensor ForwardCore(Tensor input) =>
        throw new NotSupportedException($"{GetType().Name} has no single-tensor forward");

    /// <summary>Runs pre-hooks, the body, forward hooks, and attaches backward hooks to the output.</summary>
    protected Tensor Invoke(Tensor input, Func<Tensor, Tensor> body)
    {
        foreach (var hook in _preHooks.ToArray()) input = hook(this, input) ?? input;
        return Finish(input, body(input));
    }

    /// <summary>For modules whose input is not a float tensor (token ids): forward and backward hooks only, input null.</summary>
    protected Tensor Invoke(Func<Tensor> body) => Finish(null, body());

    private Tensor Finish(Tensor? input, Tensor output)
    {
        foreach (var hook in _hooks.ToArray()) output = hook(this, input, output) ?? output;
        if (_backwardHooks.Count > 0 && output.RequiresGrad)
        {
            var hooks = _backwardHooks.ToArray();
            output.RegisterHook(g => { foreach (var h in hooks) g = h(this, g) ?? g; return g; });
        }
        return output;
    }
}
