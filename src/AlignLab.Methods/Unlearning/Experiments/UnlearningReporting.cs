using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Unlearning.Experiments;

/// <summary>What the unlearning experiments share: the two papers' titles and small statistics helpers.</summary>
public static class UnlearningReporting
{
    public const string Lume = "LUME: LLM Unlearning with Multitask Evaluations (Ramakrishna et al., 2025)";
    public const string Smooth = "Towards LLM Unlearning Resilient to Relearning Attacks: A Sharpness-Aware Minimization Perspective and Beyond (Fan et al., ICML 2025)";

    /// <summary>The "memory" a relearning attack restores: mean over the split's tasks of ROUGE-L recall and exact match.</summary>
    public static double Memory(UnlearnModel m, IReadOnlyList<LumeRow> rows) => ModelEvaluation.ScoreRows(m, rows, LumeSplit.Forget).Memory(LumeSplit.Forget);

    public static double Mean(IReadOnlyList<double> xs)
    {
        double s = 0; int n = 0;
        foreach (var x in xs) if (!double.IsNaN(x)) { s += x; n++; }
        return n == 0 ? double.NaN : s / n;
    }

    public static double Sd(IReadOnlyList<double> xs)
    {
        double m = Mean(xs), s = 0; int n = 0;
        foreach (var x in xs) if (!double.IsNaN(x)) { s += (x - m) * (x - m); n++; }
        return n < 2 ? 0 : Math.Sqrt(s / (n - 1));
    }
}
