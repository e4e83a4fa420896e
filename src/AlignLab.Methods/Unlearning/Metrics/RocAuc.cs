namespace AlignLab.Methods.Unlearning.Metrics;

/// <summary>
/// ROC-AUC of a score that should be higher for positives: the Mann–Whitney U statistic with average ranks for ties,
/// which is P(score of a random positive &gt; that of a random negative) + ½ P(equal), what scikit-learn's
/// <c>roc_auc_score</c> returns.
/// </summary>
public static class RocAuc
{
    public static double Compute(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        if (positives.Count == 0 || negatives.Count == 0)
            throw new ArgumentException($"AUC needs both classes: {positives.Count} positives, {negatives.Count} negatives");
        int n = positives.Count + negatives.Count;
        var all = new (double Score, bool Positive)[n];
        for (int i = 0; i < positives.Count; i++) all[i] = (Check(positives[i]), true);
        for (int i = 0; i < negatives.Count; i++) all[positives.Count + i] = (Check(negatives[i]), false);
        Array.Sort(all, (x, y) => x.Score.CompareTo(y.Score));
        double rankSum = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && all[j + 1].Score == all[i].Score) j++;
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
                if (all[k].Positive) rankSum += averageRank;
            i = j + 1;
        }
        double u = rankSum - positives.Count * (positives.Count + 1) / 2.0;
        return u / ((double)positives.Count * negatives.Count);
    }

    private static double Check(double score) =>
        double.IsNaN(score) ? throw new ArgumentException("AUC scores must not be NaN") : score;
}
