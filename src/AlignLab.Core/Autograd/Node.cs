namespace AlignLab.Core.Autograd;

/// <summary>
/// One recorded op: its inputs and a backward function mapping the output gradient to one gradient per input
/// (null where an input needs none). The backward closure holds the saved tensors; freeing it releases them.
/// </summary>
internal sealed class Node(string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
{
    public string Op { get; } = op;
    public Tensor[] Inputs { get; } = inputs;
    private Func<Tensor, Tensor?[]>? _backward = backward;

    public Tensor?[] Apply(Tensor gradOutput)
    {
        var f = _backward ?? throw new InvalidOperationException(
            $"backward through the graph a second time at '{Op}': its saved tensors were freed after the first backward; pass retainGraph: true to the first call");
        return f(gradOutput);
    }

    public void Free() => _backward = null;
}
