using System.IO.Compression;
using System.Text;

namespace AlignLab.Methods.Unlearning.Metrics;

/// <summary>
/// Loss-based membership inference as LUME scores it, and the zlib and Min-k% attacks reported beside it. Every
/// attack's score is higher for "more likely a member": −NLL, −NLL/zlib length, mean of the k% lowest token log-probs.
/// </summary>
public static class MembershipInference
{
    /// <summary>AUC of members against non-members with score −(mean token NLL): LUME's attack.</summary>
    public static double LossAuc(IReadOnlyList<double> memberNll, IReadOnlyList<double> nonMemberNll) =>
        RocAuc.Compute(memberNll.Select(x => -x).ToArray(), nonMemberNll.Select(x => -x).ToArray());

    /// <summary>1 − 2|AUC − ½|: 1 when the attack is at chance, 0 when it separates perfectly in either direction.</summary>
    public static double Score(double auc) => 1 - 2 * Math.Abs(auc - 0.5);

    /// <summary>Bytes of the text compressed by zlib (the reference for the zlib attack, score −NLL / this).</summary>
    public static int ZlibLength(string text)
    {
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(Encoding.UTF8.GetBytes(text));
        return (int)buffer.Length;
    }

    /// <summary>Mean of the ⌈k·n⌉ lowest token log-probabilities (at least one): the Min-k% score.</summary>
    public static double MinKPercent(IReadOnlyList<double> tokenLogProbs, double k)
    {
        if (tokenLogProbs.Count == 0) throw new ArgumentException("Min-k% of an empty sequence");
        if (!(k > 0 && k <= 1)) throw new ArgumentException($"k must be in (0, 1], got {k}");
        var sorted = tokenLogProbs.OrderBy(x => x).ToArray();
        int count = Math.Max(1, (int)Math.Ceiling(k * sorted.Length - 1e-9));
        return sorted.Take(count).Average();
    }
}
