using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Metrics;

namespace AlignLab.Methods.Unlearning.Training;

/// <summary>Everything LUME measures on a model, plus the zlib and Min-k% attacks reported beside the loss attack.</summary>
public sealed record Evaluation(LumeScore Score, double ZlibAuc, double MinK20Auc, double MinK40Auc, double MemberNll, double NonMemberNll)
{
    public double ForgetRouge => Score.Mean(LumeSplit.Forget, t => t.Regurgitation);
    public double ForgetEm => Score.Mean(LumeSplit.Forget, t => t.Knowledge);
    public double RetainRouge => Score.Mean(LumeSplit.Retain, t => t.Regurgitation);
    public double RetainEm => Score.Mean(LumeSplit.Retain, t => t.Knowledge);
}

/// <summary>
/// Runs LUME's protocol on a model: greedy decoding of every forget and retain row (stopping at EOS, or after the
/// reference length + <see cref="ExtraTokens"/> tokens instead of LUME's 256, to save CPU; a longer answer already
/// fails exact match), teacher-forced document NLL for the MIA, and option likelihood for utility.
/// </summary>
public static class ModelEvaluation
{
    public const int ExtraTokens = 8;

    public static Evaluation Evaluate(UnlearnModel m, LumeData data, IReadOnlyList<LumeRow>? forgetRows = null)
    {
        var rows = (forgetRows ?? data.Forget).Select(r => (LumeSplit.Forget, r)).Concat(data.Retain.Select(r => (LumeSplit.Retain, r))).ToArray();
        var scored = Generate(m, rows.Select(x => x.r).ToArray())
            .Select((prediction, i) => new ScoredRow(rows[i].Item1, rows[i].r.Task, rows[i].r.Kind, rows[i].r.Output, prediction)).ToArray();
        var member = DocumentScores(m, data.Members);
        var non = DocumentScores(m, data.NonMembers);
        double auc = member.Length > 0 && non.Length > 0 ? MembershipInference.LossAuc(member.Select(x => x.Nll).ToArray(), non.Select(x => x.Nll).ToArray()) : double.NaN;
        double AucOf(Func<(double Nll, double Zlib, double MinK20, double MinK40), double> score) =>
            member.Length > 0 && non.Length > 0 ? RocAuc.Compute(member.Select(score).ToArray(), non.Select(score).ToArray()) : double.NaN;
        var score = LumeScore.Compute(scored, double.IsNaN(auc) ? null : auc, data.Utility.Count > 0 ? Utility(m, data.Utility) : null);
        return new Evaluation(score, AucOf(x => x.Zlib), AucOf(x => x.MinK20), AucOf(x => x.MinK40),
            member.Length > 0 ? member.Average(x => x.Nll) : double.NaN, non.Length > 0 ? non.Average(x => x.Nll) : double.NaN);
    }

    /// <summary>LUME's per-task means on some rows of one split (no MIA, no utility): the cheap check of a forgetting level.</summary>
    public static LumeScore ScoreRows(UnlearnModel m, IReadOnlyList<LumeRow> rows, LumeSplit split)
    {
        var predictions = Generate(m, rows);
        return LumeScore.Compute(rows.Select((r, i) => new ScoredRow(split, r.Task, r.Kind, r.Output, predictions[i])).ToArray());
    }

    public static string[] Generate(UnlearnModel m, IReadOnlyList<LumeRow> rows)
    {
        var prompts = rows.Select(r => Example.Row(m.Tokenizer, r)).ToArray();
        var result = new string[rows.Count];
        // Batches of similar reference length, so the cap is close to each row's own.
        var order = Enumerable.Range(0, rows.Count).OrderBy(i => prompts[i].Completion.Length).ToArray();
        for (int start = 0; start < order.Length; start += 64)
        {
            var chunk = order.Skip(start).Take(64).ToArray();
            int cap = chunk.Max(i => prompts[i].Completion.Length) + ExtraTokens;
            var texts = Scoring.Greedy(m, chunk.Select(i => prompts[i].Prompt).ToArray(), cap);
            for (int k = 0; k < chunk.Length; k++) result[chunk[k]] = texts[k].Trim();
        }
        return result;
    }

    /// <summary>Per document: mean token NLL (LUME's attack), NLL/zlib bytes scaled as a score, Min-20% and Min-40%.</summary>
    public static (double Nll, double Zlib, double MinK20, double MinK40)[] DocumentScores(UnlearnModel m, IReadOnlyList<MiaDocument> docs)
    {
        // The document's tokens after BOS; no EOS (the script scores labels = inputs of the text itself).
        var examples = docs.Select(d => new Example([WordTokenizer.Bos], m.Tokenizer.Encode(d.Document))).ToArray();
        var lp = Scoring.LogProbs(m, examples);
        return lp.Select((x, i) =>
        {
            double nll = -x.Sum / x.Count;
            return (nll, -nll / MembershipInference.ZlibLength(docs[i].Document),
                MembershipInference.MinKPercent(x.Tokens, 0.2), MembershipInference.MinKPercent(x.Tokens, 0.4));
        }).ToArray();
    }

    /// <summary>Accuracy of argmax over options of log p(" " + option | BOS + question), summed over the option's tokens.</summary>
    public static double Utility(UnlearnModel m, IReadOnlyList<UtilityQuestion> questions)
    {
        var examples = new List<Example>();
        foreach (var q in questions)
        {
            int[] prompt = [WordTokenizer.Bos, .. m.Tokenizer.Encode(q.Question)];
            foreach (var o in q.Options) examples.Add(new Example(prompt, m.Tokenizer.Encode(" " + o)));
        }
        var lp = Scoring.LogProbs(m, examples, 64);
        int correct = 0, k = 0;
        foreach (var q in questions)
        {
            int best = 0;
            for (int o = 1; o < q.Options.Count; o++)
                if (lp[k + o].Sum > lp[k + best].Sum) best = o;
            if (best == q.Answer) correct++;
            k += q.Options.Count;
        }
        return (double)correct / questions.Count;
    }
}
