using AlignLab.Core;
using AlignLab.Methods.Irl;

namespace AlignLab.Methods.Tests.Irl;

public class TwoLayerNetworkTests
{
    private static readonly FiniteMdp Grid = GridWorld.Default.Build();

    [Fact]
    public void OutputVarianceAtInitialisationDoesNotDependOnWidth()
    {
        // E f(x)² = E ReLU(wᵀx)² = ‖x‖²/(2d) with w ~ N(0, I/d) and ‖x‖ = 1, d = 3: 1/6 for every m.
        foreach (int width in new[] { 4, 64, 1024 })
        {
            double sum = 0;
            int draws = 600;
            for (int seed = 0; seed < draws; seed++)
            {
                var net = new TwoLayerReluReward(Grid, width, new Generator((ulong)(seed + 1)), symmetric: false);
                double f = net.Table()[0];
                sum += f * f;
            }
            Assert.InRange(sum / draws, 1 / 6.0 * 0.85, 1 / 6.0 * 1.15);
        }
    }

    [Fact]
    public void TangentKernelApproachesTheArcCosineKernelAsWidthGrows()
    {
        // (1/m) Σ 1[wᵀa > 0]1[wᵀb > 0] aᵀb → aᵀb (π − ∠(a, b)) / (2π) for Gaussian w.
        var net = new TwoLayerReluReward(Grid, 20000, new Generator(3), symmetric: false);
        foreach (var (a, b) in new[] { (0, 63), (0, 9), (27, 36) })
        {
            var xa = Grid.Features(a).ToArray();
            var xb = Grid.Features(b).ToArray();
            double dot = xa.Zip(xb, (p, q) => p * q).Sum();
            double expected = dot * (Math.PI - Math.Acos(Math.Clamp(dot, -1, 1))) / (2 * Math.PI);
            Assert.Equal(expected, net.TangentKernel(a, b), 0.01);
        }
    }

    [Fact]
    public void WiderNetworksMoveTheirWeightsRelativelyLessToFitTheSameTarget()
    {
        // Lazy training: fitting a fixed reward by gradient descent in function space needs ‖W − W₀‖/‖W₀‖ ~ 1/√m.
        var target = Grid.TrueReward.ToArray();
        double Movement(int width)
        {
            var net = new TwoLayerReluReward(Grid, width, new Generator(9));
            var table = new double[target.Length];
            var gradient = new double[net.ParameterCount];
            for (int step = 0; step < 300; step++)
            {
                net.Evaluate(table);
                var residual = new double[table.Length];
                for (int i = 0; i < table.Length; i++) residual[i] = (target[i] - table[i]) / table.Length;
                Array.Clear(gradient);
                net.AddGradient(residual, gradient);
                for (int i = 0; i < gradient.Length; i++) net.Parameters[i] += 0.5 * gradient[i];
            }
            return net.DistanceFromInit() / net.InitNorm();
        }
        double narrow = Movement(64), wide = Movement(4096);
        Assert.InRange(narrow / wide, 5, 12); // √(4096/64) = 8
    }

    [Fact]
    public void SymmetricInitialisationStartsAtZeroAndProjectionKeepsTheBall()
    {
        var net = new TwoLayerReluReward(Grid, 32, new Generator(2), radius: 0.5);
        Assert.All(net.Table(), v => Assert.Equal(0, v, 1e-12));
        TestMdps.Randomize(net, new Generator(5));
        Assert.True(net.DistanceFromInit() > 0.5);
        net.Project();
        Assert.Equal(0.5, net.DistanceFromInit(), 1e-9);
    }
}
