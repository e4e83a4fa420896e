namespace AlignLab.Core.Autograd;

/// <summary>
/// One recorded op: its inputs and a backward function mapping the output gradient to one gradient per input
/// (null where an input needs none). The backward closure holds the saved tensors; freeing it releases them.
/// </summary>
internal sealed class Node(Op op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
{
    public Op Op { get; } = op;
    /// <summary>The op's inputs; emptied when the node is freed so a finished graph keeps no activations alive.</summary>
    public Tensor[] Inputs { get; private set; } = inputs;
    private Func<Tensor, Tensor?[]>? _backward = backward;

    public Tensor?[] Apply(Tensor gradOutput)
    {
        var f = _backward ?? throw new InvalidOperationException(
            $"backward through the graph a second time at '{Op.Name()}': its saved tensors were freed after the first backward; pass retainGraph: true to the first call");
        return f(gradOutput);
    }

    public void Free()
    {
        _backward = null;
        Inputs = [];
    }
}
