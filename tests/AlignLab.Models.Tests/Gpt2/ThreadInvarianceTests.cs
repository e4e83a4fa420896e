using AlignLab.Core;
using AlignLab.Core.Kernels;
using AlignLab.Models.Gpt2;

namespace AlignLab.Models.Tests.Gpt2;

/// <summary>A training step gives the same bits on one thread and on two (work is split, sums never are).</summary>
public class ThreadInvarianceTests
{
    private static (float Loss, float[][] Grads) Step(int threads)
    {
        int saved = EngineSettings.Threads;
        EngineSettings.Threads = threads;
        try
        {
            var gen = new Generator(3);
            // Big enough that GEMMs, element-wise ops, norms and cross-entropy all cross their parallel thresholds.
            var model = new Gpt2Model(new Gpt2Config { NLayer = 2, NEmbd = 128, NHead = 4, NPositions = 128, VocabSize = 512 }, gen);
            var ids = gen.RandInt([16, 128], 0, 512);
            var loss = model.Loss(ids, gen.RandInt([16, 128], 0, 512));
            loss.Backward();
            return (loss.Item(), model.Parameters().Select(p => p.Grad!.ToArray()).ToArray());
        }
        finally { EngineSettings.Threads = saved; }
    }

    [Fact]
    public void OneAndTwoThreadsAgreeBitForBit()
    {
        var (l1, g1) = Step(1);
        var (l2, g2) = Step(2);
        Assert.Equal(l1, l2);
        for (int i = 0; i < g1.Length; i++) Assert.Equal(g1[i], g2[i]);
    }
}
