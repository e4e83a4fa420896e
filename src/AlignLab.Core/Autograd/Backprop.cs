namespace AlignLab.Core.Autograd;

/// <summary>Reverse-mode sweep: topological order from the root, gradients summed per tensor, leaves accumulate.</summary>
internal static class Backprop
{
    public static void Run(Tensor root, Tensor? gradient, bool retainGraph)
    {
        if (!root.RequiresGrad) throw new InvalidOperationException("backward on a tensor that does not require grad (no leaf on its path has RequiresGrad = true)");
        if (gradient is null)
        {
            if (root.Numel != 1) throw new InvalidOperationException($"backward without a gradient needs a scalar, got shape {ShapeUtil.Format(root.Shape)}");
            gradient = Tensor.Full(1f, root.Shape.ToArray());
        }
        else if (!ShapeUtil.SameShape(gradient.Shape, root.Shape))
            throw new ArgumentException($"gradient shape {ShapeUtil.Format(gradient.Shape)} does not match tensor shape {ShapeUtil.Format(root.Shape)}");

        var order = TopologicalOrder(root);
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance) { [root] = gradient };
        using var _ = GradMode.NoGrad();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (!grads.Remove(t, out var g)) continue;
            if (t.GradHooks != null)
                foreach (var hook in t.GradHooks.ToArray())
                    g = hook(g) ?? g;
            if (t.GradFn is null || t.RetainsGrad)
                t.Grad = t.Grad is null ? g.Clone() : t.Grad.Add(g);
            if (t.GradFn is null) continue;

            var node = t.GradFn;
            var inputs = node.Inputs;
            var inputGrads = node.Apply(g);
            if (!retainGraph) node.Free();
            for (int k = 0; k < inputs.Length; k++)
            {
                var gi = inputGrads[k];
                var input = inputs[k];
                if (gi is null || !input.RequiresGrad) continue;
                if (!ShapeUtil.SameShape(gi.Shape, input.Shape))
                    throw new InvalidOperationException($"internal error: '{node.Op}' produced gradient {ShapeUtil.Format(gi.Shape)} for input {ShapeUtil.Format(input.Shape)}");
                grads[input] = grads.TryGetValue(input, out var acc) ? acc.Add(gi) : gi;
            }
        }
        // The freed graph held this step's activations and the gradients just consumed: recycle their buffers now.
        if (!retainGraph) StoragePool.Reclaim();
    }

    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (t, expanded) = stack.Pop();
            if (expanded) { order.Add(t); continue; }
            if (!visited.Add(t)) continue;
            stack.Push((t, true));
            if (t.GradFn is null) continue;
            foreach (var input in t.GradFn.Inputs)
                if (input.RequiresGrad && !visited.Contains(input)) stack.Push((input, false));
        }
        return order;
    }
}
