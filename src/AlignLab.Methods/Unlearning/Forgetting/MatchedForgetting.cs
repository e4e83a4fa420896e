using AlignLab.Methods.Unlearning.Data;
using AlignLab.Methods.Unlearning.Metrics;
using AlignLab.Methods.Unlearning.Training;

namespace AlignLab.Methods.Unlearning.Forgetting;

/// <summary>
/// The forgetting level every method is brought to before robustness is compared, and the search budget each gets.
/// Every method and smoother sees the same learning-rate grid, the same step cap and the same checkpoint interval, so
/// none is given more search than another.
/// </summary>
public sealed record MatchSettings
{
    /// <summary>The forget ROUGE-L recall (mean over tasks) to reach …</summary>
    public double ForgetRouge { get; init; } = 0.45;
    /// <summary>… to within this.</summary>
    public double Tolerance { get; init; } = 0.03;
    /// <summary>The forget exact match (mean over tasks) must be at most this …</summary>
    public double ForgetEm { get; init; } = 0.05;
    /// <summary>… and the retain exact match (mean over tasks) at least this: forgetting bought by breaking the model's
    /// answers is not the forgetting being matched (a relearning attack would "recover" by repairing them).</summary>
    public double RetainEm { get; init; } = 0.8;
    public IReadOnlyList<float> LearningRates { get; init; } = [2e-3f, 4e-3f];
    public int MaxSteps { get; init; } = 200;
    public int CheckEvery { get; init; } = 4;

    public void Validate()
    {
        if (LearningRates.Count == 0 || LearningRates.Any(lr => !(lr > 0))) throw new ArgumentException("the learning-rate grid must be non-empty and positive", nameof(LearningRates));
        if (MaxSteps < 1 || CheckEvery < 1) throw new ArgumentException($"max steps and checkpoint interval must be positive (max steps {MaxSteps}, every {CheckEvery})", nameof(MaxSteps));
        if (!(Tolerance >= 0)) throw new ArgumentException($"tolerance must be >= 0, got {Tolerance}", nameof(Tolerance));
    }
}

/// <summary>One learning rate of the search: the checkpoint it contributes and the levels there.</summary>
/// <remarks><paramref name="Bounded"/>: forget EM and retain EM met their bounds (false for the last state kept when no checkpoint did).</remarks>
public sealed record MatchCandidate(float LearningRate, int Steps, bool Reached, double ForgetRouge, double ForgetEm, double RetainEm, bool Bounded = true);

/// <summary>The chosen unlearned model and every candidate the search tried.</summary>
public sealed record MatchedModel(UnlearnModel Model, UnlearnSettings Settings, MatchCandidate Chosen, IReadOnlyList<MatchCandidate> Candidates);

/// <summary>
/// Matched forgetting: robustness to relearning is only comparable between models that forgot equally much and kept
/// equally much. Each method is unlearned with every learning rate of the grid for the same number of steps; every
/// few steps the model (for WA, the running average) is scored. Of the checkpoints whose forget ROUGE is within the
/// band around the target, whose forget EM is at most its bound and whose retain EM is at least its floor, the one
/// with the highest retain EM is kept (ties: the earlier one, then the smaller learning rate). Forget ROUGE is not
/// monotone (it dips while the retain answers are briefly broken, then climbs back as they are repaired), so a
/// first-crossing rule would compare a model caught mid-collapse with one that had recovered; choosing by retain
/// EM inside the band equalises both sides. Without an in-band checkpoint, the closest one meeting the bounds
/// is kept, marked as not reached; without any, the last state.
/// </summary>
public static class MatchedForgetting
{
    public static MatchedModel Tune(UnlearnModel target, LumeData data, UnlearnSettings method, MatchSettings match, CancellationToken cancel = default)
    {
        match.Validate();
        MatchedModel? best = null;
        var retainQuestions = data.Retain.Where(r => r.Kind == LumeKind.QuestionAnswer).ToArray();
        var forgetQuestions = data.Forget.Where(r => r.Kind == LumeKind.QuestionAnswer).ToArray();
        var forgetSentences = data.Forget.Where(r => r.Kind == LumeKind.SentenceCompletion).ToArray();
        var candidates = new List<MatchCandidate>();
        foreach (var lr in match.LearningRates)
        {
            cancel.ThrowIfCancellationRequested();
            var settings = method with { LearningRate = lr, Steps = match.MaxSteps };
            var model = target.Clone();
            var unlearner = new Unlearner(model, target, data.Forget, data.Retain, settings);
            MatchCandidate? kept = null;
            float[][]? keptWeights = null;
            int step = 0;
            // Keeps the checkpoint if it meets the bounds and beats the one kept so far (see Better). The cheap
            // question-row gates come first, so most checkpoints cost a few short generations.
            void Consider(UnlearnModel m, int at)
            {
                double em = Em(m, forgetQuestions, LumeSplit.Forget);
                if (em > match.ForgetEm) return;
                double retainEm = Em(m, retainQuestions, LumeSplit.Retain);
                if (!(retainEm >= match.RetainEm)) return;
                double rouge = ModelEvaluation.ScoreRows(m, forgetSentences, LumeSplit.Forget).Mean(LumeSplit.Forget, t => t.Regurgitation);
                if (!(rouge <= match.ForgetRouge + match.Tolerance)) return;
                var candidate = new MatchCandidate(lr, at, Math.Abs(rouge - match.ForgetRouge) <= match.Tolerance, rouge, em, retainEm);
                if (kept is not null && !Better(candidate, kept, match)) return;
                kept = candidate;
                keptWeights = m.Snapshot();
            }
            var trace = unlearner.Run(match.CheckEvery, m =>
            {
                step += match.CheckEvery;
                // WA is only itself once it averages two snapshots; before that it is plain unlearning.
                if (settings.Smoother == Smoother.Wa && step < settings.AverageFrom + settings.AverageEvery) return false;
                Consider(m, step);
                return false;
            }, cancel: cancel);
            // The step cap may end off a checkpoint (and WA then loads its final average): that state is a checkpoint too.
            if (trace.Steps % match.CheckEvery != 0) Consider(model, trace.Steps);
            MatchCandidate candidate;
            if (kept is not null) { model.SetWeights(keptWeights!); candidate = kept; }
            else
            {
                var (rouge, em) = ForgetLevel(model, data.Forget);
                candidate = new MatchCandidate(lr, trace.Steps, false, rouge, em, Em(model, retainQuestions, LumeSplit.Retain), Bounded: false);
            }
            candidates.Add(candidate);
            if (best is null || Better(candidate, best.Chosen, match)) best = new MatchedModel(model, settings with { Steps = candidate.Steps }, candidate, candidates);
        }
        return best! with { Candidates = candidates };
    }

    /// <summary>Within the band beats outside it, meeting the bounds beats not; within the band, higher retain EM; outside it, closer to the target.</summary>
    public static bool Better(MatchCandidate a, MatchCandidate b, MatchSettings match) =>
        a.Reached != b.Reached ? a.Reached
        : a.Bounded != b.Bounded ? a.Bounded
        : a.Reached ? a.RetainEm > b.RetainEm
        : Math.Abs(a.ForgetRouge - match.ForgetRouge) < Math.Abs(b.ForgetRouge - match.ForgetRouge);

    /// <summary>Mean over tasks of forget ROUGE-L recall and of forget exact match (LUME's per-task means).</summary>
    public static (double Rouge, double Em) ForgetLevel(UnlearnModel m, IReadOnlyList<LumeRow> forget)
    {
        var s = ModelEvaluation.ScoreRows(m, forget, LumeSplit.Forget);
        return (s.Mean(LumeSplit.Forget, t => t.Regurgitation), s.Mean(LumeSplit.Forget, t => t.Knowledge));
    }

    /// <summary>Mean over tasks of exact match on question rows; with no questions there is nothing to break (0 for forget, 1 for retain).</summary>
    private static double Em(UnlearnModel m, IReadOnlyList<LumeRow> questions, LumeSplit split) =>
        questions.Count == 0 ? (split == LumeSplit.Forget ? 0 : 1) : ModelEvaluation.ScoreRows(m, questions, split).Mean(split, t => t.Knowledge);
}
