namespace AlignLab.Core.Optim;

/// <summary>Updates parameters from their gradients. Parameters without a gradient are skipped.</summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Tensor> parameters, float learningRate)
    {
        Parameters = parameters.ToArray();
        foreach (var p in Parameters)
            if (!p.IsLeaf || !p.IsContiguous) throw new ArgumentException($"optimizer parameter {p.Name ?? ShapeUtil.Format(p.Shape)} must be a contiguous leaf tensor");
        LearningRate = learningRate;
    }

    public IReadOnlyList<Tensor> Parameters { get; }
    public float LearningRate { get; set; }
    /// <summary>Steps taken so far (settable so a run resumed from a checkpoint continues Adam's bias correction).</summary>
    public int StepCount { get; set; }

    public void Step()
    {
        StepCount++;
        using var _ = GradMode.NoGrad();
        // Each parameter's update is independent, so parameters run in parallel without changing any result.
        var work = Parameters.Select((p, i) => (p, i)).Where(x => x.p.Grad != null).ToArray();
        long total = work.Sum(x => (long)x.p.Numel);
        Kernels.Parallelism.For(work.Length, total > 1 << 18 ? Kernels.EngineSettings.Threads : 1,
            k => Update(work[k].i, work[k].p.AsSpan(), work[k].p.Grad!.Contiguous().AsSpan()));
    }

    /// <summary>Updates parameter <paramref name="index"/> in place.</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);

    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.Grad = null;
    }
}
