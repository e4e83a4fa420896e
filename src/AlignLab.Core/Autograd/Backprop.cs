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
        var owners = new StorageOwners(gradient);
        using var _ = GradMode.NoGrad();
        OpProfiler.EnterBackward();
        try { Sweep(order, grads, owners, retainGraph); }
        finally { OpProfiler.ExitBackward(); }
        // The freed graph held this step's activations and the gradients just consumed: recycle their buffers now.
        OpProfiler.Mark();
        if (!retainGraph) StoragePool.Reclaim();
        OpProfiler.Charge("backward", "(reclaim buffers)");
    }

    private static void Sweep(List<Tensor> order, Dictionary<Tensor, Tensor> grads, StorageOwners owners, bool retainGraph)
    {
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (!grads.Remove(t, out var g)) continue;
            owners.Release(g);
            if (t.GradHooks != null)
                foreach (var hook in t.GradHooks.ToArray())
                    g = hook(g) ?? g;
            if (t.GradFn is null && t.Grad is null && t.GradHooks is null && owners.TryTake(g))
                t.Grad = g; // a gradient nothing else references becomes the leaf's .Grad without a copy
            else if (t.GradFn is null || t.RetainsGrad)
                t.Grad = t.Grad is null ? g.Clone() : t.Grad.Add(g);
            if (t.GradFn is null) continue;

            var node = t.GradFn;
            var inputs = node.Inputs;
            OpProfiler.Mark();
            var inputGrads = node.Apply(g);
            if (!retainGraph) node.Free();
            for (int k = 0; k < inputs.Length; k++)
            {
                var gi = inputGrads[k];
                var input = inputs[k];
                if (gi is null || !input.RequiresGrad) continue;
                if (!ShapeUtil.SameShape(gi.Shape, input.Shape))
                    throw new InvalidOperationException($"internal error: '{node.Op.Name()}' produced gradient {ShapeUtil.Format(gi.Shape)} for input {ShapeUtil.Format(input.Shape)}");
                if (grads.TryGetValue(input, out var acc)) { owners.Release(acc); gi = acc.Add(gi); }
                grads[input] = gi;
                owners.Hold(gi);
            }
            OpProfiler.Charge("backward", node.Op.Name());
        }
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

    /// <summary>
    /// Which storage arrays the pending gradients use, so a leaf can adopt its gradient only when no other pending
    /// gradient, earlier leaf or the caller's seed gradient shares that storage (backward functions may return the
    /// same tensor for two inputs, or views of their input gradient).
    /// </summary>
    private sealed class StorageOwners(Tensor seed)
    {
        private readonly Dictionary<float[], int> _pending = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<float[]> _adopted = new(ReferenceEqualityComparer.Instance);

        public void Hold(Tensor g) => _pending[g.Storage] = _pending.GetValueOrDefault(g.Storage) + 1;

        public void Release(Tensor g)
        {
            if (_pending.TryGetValue(g.Storage, out int n)) { if (n <= 1) _pending.Remove(g.Storage); else _pending[g.Storage] = n - 1; }
        }

        public bool TryTake(Tensor g)
        {
            bool whole = g.IsContiguous && g.Offset == 0 && g.Numel == g.Storage.Length;
            if (!whole || ReferenceEquals(g.Storage, seed.Storage) || _pending.ContainsKey(g.Storage) || !_adopted.Add(g.Storage)) return false;
            return true;
        }
    }
}
