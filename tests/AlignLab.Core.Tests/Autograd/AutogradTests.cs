namespace AlignLab.Core.Tests.Autograd;

public class AutogradTests
{
    [Fact]
    public void GradientsAccumulateAcrossBackwardCallsAndFanOut()
    {
        var x = Tensor.FromArray([2f, 3f], 2).RequireGrad();
        (x * x + x).Sum().Backward();          // d/dx = 2x + 1
        Assert.Equal(new[] { 5f, 7f }, x.Grad!.ToArray());
        (x * 2f).Sum().Backward();             // accumulates +2
        Assert.Equal(new[] { 7f, 9f }, x.Grad!.ToArray());
    }

    [Fact]
    public void LeavesSharingOneUpstreamGradientGetIndependentGradTensors()
    {
        // Add's backward hands the same tensor to both inputs; only one leaf may adopt it, the other gets a copy.
        var a = Tensor.Ones(3).RequireGrad(); var b = Tensor.Ones(3).RequireGrad();
        (a + b).Backward(Tensor.FromArray([1f, 2f, 3f], 3));
        Assert.NotSame(a.Grad!.Detach().Storage, b.Grad!.Detach().Storage);
        a.Grad!.AsSpan().Fill(0f);
        Assert.Equal(new[] { 1f, 2f, 3f }, b.Grad!.ToArray());
    }

    [Fact]
    public void TheCallersSeedGradientIsNeverAdopted()
    {
        var x = Tensor.Ones(3).RequireGrad();
        var seed = Tensor.FromArray([1f, 2f, 3f], 3);
        x.Clone().Backward(seed);
        Assert.NotSame(seed.Storage, x.Grad!.Detach().Storage);
    }

    [Fact]
    public void NoGradScopeRecordsNothing()
    {
        var x = Tensor.Ones(3).RequireGrad();
        Tensor y;
        using (GradMode.NoGrad()) y = x * 2f;
        Assert.False(y.RequiresGrad);
        Assert.True((x * 2f).RequiresGrad);
    }

    [Fact]
    public void DetachCutsTheGraph()
    {
        var x = Tensor.FromArray([1f, 2f], 2).RequireGrad();
        var y = (x.Detach() * x).Sum();        // only the second factor is differentiated
        y.Backward();
        Assert.Equal(new[] { 1f, 2f }, x.Grad!.ToArray());
    }

    [Fact]
    public void SecondBackwardThroughAFreedGraphIsAClearError()
    {
        var x = Tensor.Ones(2).RequireGrad();
        var y = (x.Exp() * 3f).Sum();
        y.Backward();
        var ex = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("second time", ex.Message);
        Assert.Contains("retainGraph", ex.Message);
    }

    [Fact]
    public void RetainGraphAllowsASecondBackward()
    {
        var x = Tensor.Ones(2).RequireGrad();
        var y = (x * 3f).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(new[] { 6f, 6f }, x.Grad!.ToArray());
    }

    [Fact]
    public void BackwardOfANonScalarNeedsAGradient()
    {
        var x = Tensor.Ones(2).RequireGrad();
        Assert.Throws<InvalidOperationException>(() => (x * 2f).Backward());
        (x * 2f).Backward(Tensor.FromArray([1f, 10f], 2));
        Assert.Equal(new[] { 2f, 20f }, x.Grad!.ToArray());
    }

    [Fact]
    public void TensorHooksSeeAndReplaceGradients()
    {
        var x = Tensor.FromArray([1f, 2f], 2).RequireGrad();
        var h = x * 3f;
        Tensor? seen = null;
        using (h.RegisterHook(g => { seen = g; return g * 10f; }))
            h.Sum().Backward();
        Assert.Equal(new[] { 1f, 1f }, seen!.ToArray());
        Assert.Equal(new[] { 30f, 30f }, x.Grad!.ToArray());
    }

    [Fact]
    public void RetainGradKeepsANonLeafGradient()
    {
        var x = Tensor.FromArray([1f, 2f], 2).RequireGrad();
        var h = x * x;
        h.RetainGrad();
        (h * 5f).Sum().Backward();
        Assert.Equal(new[] { 5f, 5f }, h.Grad!.ToArray());
    }

    [Fact]
    public void ViewsShareStorageUntilMadeContiguous()
    {
        var x = Tensor.Arange(6).Reshape(2, 3);
        var t = x.T();
        Assert.False(t.IsContiguous);
        Assert.Equal(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, t.ToArray());
        x[0, 1] = 42f;
        Assert.Equal(42f, t[1, 0]);
        Assert.Same(x.Reshape(3, 2).Detach().Storage, x.Storage);
    }

    [Fact]
    public void ReshapeIsAViewWheneverStridesAllowIt()
    {
        var x = Tensor.Arange(24).Reshape(2, 3, 4);
        var slice = x.Slice(2, 0, 2);                  // strides (12, 4, 1): splitting or merging the inner pair is a view
        var split = slice.Reshape(2, 3, 2, 1);
        Assert.Same(x.Storage, split.Detach().Storage);
        Assert.Equal(slice.ToArray(), split.ToArray());
        var merged = x.Transpose(1, 2).Reshape(2, 12);  // not nested: must copy, values in the transposed order
        Assert.NotSame(x.Storage, merged.Detach().Storage);
        Assert.Equal(x.Transpose(1, 2).ToArray(), merged.ToArray());
    }

    [Fact]
    public void ShapeErrorsNameBothShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)));
        Assert.Contains("[2, 3]", ex.Message);
        Assert.Contains("[4, 5]", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
    }
}
