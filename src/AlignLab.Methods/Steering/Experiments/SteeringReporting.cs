using AlignLab.Reports;
using AlignLab.Reports.Experiments;

namespace AlignLab.Methods.Steering.Experiments;

/// <summary>What the steering experiments share: the paper, the lab on the cached style model, and the common notes.</summary>
public static class SteeringReporting
{
    public const string Paper = "Effectively Steer LLM To Follow Preference via Building Confident Directions (CONFST)";

    /// <summary>Our fluency bound: continuations may be at most 1.5× as perplexing as unsteered ones.</summary>
    public const double PerplexityBound = 1.5;

    public static SteeringLab Lab(LabSettings settings, ExperimentContext context)
    {
        var stage = context.Stage("style model (trained once, then cached)");
        var dir = StyleModel.GetOrTrain(StyleModelSpec.Default,
            stage == null ? null : new Progress<AlignLab.Models.Training.TrainingProgress>(p => stage.Report((double)p.Step / p.TotalSteps)), context.Cancel);
        return new SteeringLab(dir, settings, context.Cancel);
    }

    public static string SetupNote(LabSettings lab, EvaluationSettings eval) =>
        $"Model: a {StyleModelSpec.Default.Size.Layers}-block GPT-2 (d = {StyleModelSpec.Default.Size.Dim}) pretrained from scratch on a generated corpus of " +
        $"{StyleCorpus.TopicCount} topics ({string.Join(", ", StyleCorpus.TopicNames)}) × 2 sentiments, each topic with its own lexicon, " +
        $"{StyleModelSpec.Default.MixedFraction:P0} of documents mixing in a second topic, names from the built-in world. " +
        $"Probe: multinomial logistic regression on the concatenated residual activations of tokens {lab.Span.Start}–{lab.Span.End - 1} " +
        $"(fitted on {lab.PoolPerTopic} labelled documents per topic, disjoint from every history). " +
        $"Success: share of continuations that a bag-of-words logistic regression, trained on {lab.JudgePerTopic} other documents per topic, assigns to the target; " +
        $"{eval.Prompts} neutral prompts (a name, no topic word, no instruction) × {eval.SamplesPerPrompt} samples × {eval.MaxNewTokens} tokens at temperature {eval.Temperature}. " +
        "Fluency: perplexity of the continuations under the unsteered model. Every direction is scaled so that α = 1 adds one mean residual norm of its layer, " +
        "so equal α is an equal budget for every method. Chance success is 1/5 = 20 %.";

    public static double Mean(IEnumerable<double> xs)
    {
        var list = xs.Where(x => !double.IsNaN(x)).ToList();
        return list.Count == 0 ? double.NaN : list.Average();
    }
}
