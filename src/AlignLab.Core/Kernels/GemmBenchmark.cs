using System.Diagnostics;

namespace AlignLab.Core.Kernels;

/// <summary>Times C = op(A)·op(B) for random [m×k]·[k×n] after warm-up; reports the best of several repetitions.</summary>
public static class GemmBenchmark
{
    public sealed record Result(int M, int N, int K, int Threads, double Seconds, double Gflops);

    public static Result Run(int m, int n, int k, int threads, bool transB = false, double minSeconds = 1.0, bool transA = false)
    {
        if (m <= 0 || n <= 0 || k <= 0) throw new ArgumentException($"GEMM sizes must be positive, got m={m} n={n} k={k}");
        var gen = new Generator(1);
        var a = gen.Uniform([m * k], -1, 1).ToArray();
        var b = gen.Uniform([k * n], -1, 1).ToArray();
        var c = new float[m * n];
        void Once() => Gemm.Multiply(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, c, n, threads: threads);
        for (int i = 0; i < 3; i++) Once(); // tier-up and page in
        double best = double.MaxValue, total = 0;
        var sw = new Stopwatch();
        for (int rep = 0; rep < 1000 && (total < minSeconds || rep < 3); rep++)
        {
            sw.Restart(); Once(); sw.Stop();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            total += sw.Elapsed.TotalSeconds;
        }
        return new Result(m, n, k, threads, best, 2.0 * m * n * k / best / 1e9);
    }
}
