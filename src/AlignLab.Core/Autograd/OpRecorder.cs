namespace AlignLab.Core.Autograd;

/// <summary>Attaches a backward node to an op's output when grad mode is on and some input requires grad.</summary>
internal static class OpRecorder
{
    public static Tensor Record(Tensor output, Op op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        OpProfiler.Forward(op);
        if (!GradMode.IsEnabled) return output;
        bool any = false;
        foreach (var t in inputs) any |= t.RequiresGrad;
        if (!any) return output;
        output.GradFn = new Node(op, inputs, backward);
        output.RequiresGrad = true;
        return output;
    }

    public static Tensor Record(Tensor output, Op op, Tensor input, Func<Tensor, Tensor?> backward)
        => Record(output, op, [input], g => [backward(g)]);
}
