using AlignLab.Core.Autograd;
using AlignLab.Core.Tests.Gradients;
using AlignLab.Core.Tests.Reference;

namespace AlignLab.Core.Tests.Autograd;

/// <summary>
/// The op table (<see cref="Op"/>) against the tests: every op the tape can record must be recorded by at least one
/// finite-difference case and one PyTorch reference case. Coverage is read from the graphs the cases actually build,
/// so a case counts for every op its forward records.
/// </summary>
public class OpTableTests
{
    [Fact]
    public void EveryOpHasOneDistinctName()
    {
        var names = Enum.GetValues<Op>().Select(o => o.Name()).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z][a-z0-9_]*$", n));
    }

    [Fact]
    public void EveryOpHasAFiniteDifferenceCase()
    {
        var seen = new HashSet<Op>();
        foreach (var c in GradientCases.All)
        {
            var inputs = c.Inputs();
            foreach (var x in inputs) x.RequiresGrad = true;
            RecordedOps(c.F(inputs), seen);
        }
        AssertCovers(seen, "finite-difference case in GradientCases");
    }

    [Fact]
    public void EveryOpHasAPyTorchReferenceCase()
    {
        var seen = new HashSet<Op>();
        foreach (var name in OpReferenceTests.CaseNames().Select(c => (string)c[0]))
            RecordedOps(OpReferenceTests.Forward(name).Output, seen);
        AssertCovers(seen, "PyTorch reference case in tests/reference/make_reference.py");
    }

    [Fact]
    public void CoverageIsReadFromTheRecordedGraph()
    {
        var x = new Generator(1).Normal([2, 3]).RequireGrad();
        var seen = new HashSet<Op>();
        RecordedOps((x.Silu() * 2f).Sum(), seen);
        Assert.Equal(new HashSet<Op> { Op.Silu, Op.MulScalar, Op.SumAll }, seen);
    }

    private static void AssertCovers(HashSet<Op> seen, string what)
    {
        var missing = Enum.GetValues<Op>().Where(o => !seen.Contains(o)).Select(o => o.Name()).ToArray();
        Assert.True(missing.Length == 0, $"ops with no {what}: {string.Join(", ", missing)}");
    }

    private static void RecordedOps(Tensor root, HashSet<Op> seen)
    {
        var stack = new Stack<Tensor>([root]);
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            if (!visited.Add(t) || t.GradFn is null) continue;
            seen.Add(t.GradFn.Op);
            foreach (var input in t.GradFn.Inputs) stack.Push(input);
        }
    }
}
