using AlignLab.Core.Modules;

namespace AlignLab.Core.Tests.Modules;

public class ModuleTests
{
    private sealed class Net : Module
    {
        public Linear A { get; }
        public ModuleList<Linear> Layers { get; } = new();
        public Net()
        {
            var g = new Generator(1);
            A = RegisterModule("a", new Linear(3, 4, true, g));
            RegisterModule("layers", Layers);
            Layers.Add(new Linear(4, 2, false, g));
        }
        protected override Tensor ForwardCore(Tensor x) => Layers[0].Forward(A.Forward(x).Relu());
    }

    [Fact]
    public void ParametersHaveDottedNames()
        => Assert.Equal(["a.weight", "a.bias", "layers.0.weight"], new Net().NamedParameters().Select(p => p.Name));

    [Fact]
    public void StateDictRoundTripsAndRejectsWrongShapesByName()
    {
        var a = new Net(); var b = new Net();
        foreach (var p in b.Parameters()) p.AsSpan().Fill(0.5f);
        a.LoadStateDict(b.StateDict());
        Assert.Equal(b.A.Weight.ToArray(), a.A.Weight.ToArray());
        var bad = b.StateDict(); bad["a.bias"] = Tensor.Zeros(5);
        var ex = Assert.Throws<InvalidDataException>(() => a.LoadStateDict(bad));
        Assert.Contains("a.bias", ex.Message);
        var missing = b.StateDict(); missing.Remove("a.bias");
        Assert.Throws<InvalidDataException>(() => a.LoadStateDict(missing));
        Assert.Equal(["a.bias"], a.LoadStateDict(missing, strict: false).Missing);
    }

    [Fact]
    public void ForwardHooksReadAndReplaceActivationsAndCanBeRemoved()
    {
        var net = new Net();
        var x = Tensor.Ones(2, 3);
        var plain = net.Forward(x).ToArray();
        Tensor? seen = null;
        using (net.A.RegisterForwardHook((_, _, output) => { seen = output; return output * 0f; }))
            Assert.All(net.Forward(x).ToArray(), v => Assert.Equal(0f, v));
        Assert.NotNull(seen);
        Assert.Equal(plain, net.Forward(x).ToArray());
    }

    [Fact]
    public void PreHooksReplaceInputs()
    {
        var net = new Net();
        using var _ = net.RegisterForwardPreHook((_, input) => input * 0f);
        var y = net.Forward(Tensor.Ones(1, 3)).ToArray();
        var bias = net.Layers[0].Forward(net.A.Bias!.Reshape(1, 4).Relu()).ToArray();
        Assert.Equal(bias, y);
    }

    [Fact]
    public void BackwardHooksSeeTheOutputGradient()
    {
        var net = new Net();
        Tensor? g = null;
        using var _ = net.A.RegisterBackwardHook((_, grad) => { g = grad; return null; });
        net.Forward(Tensor.Ones(2, 3)).Sum().Backward();
        Assert.Equal([2, 4], g!.Shape.ToArray());
    }

    [Fact]
    public void TrainEvalPropagatesToChildren()
    {
        var net = new Net();
        net.Eval();
        Assert.All(net.NamedModules(), m => Assert.False(m.Module.Training));
    }
}
