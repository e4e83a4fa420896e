using System.Globalization;
using AlignLab.Models.Hooks;

namespace AlignLab.Methods.Steering;

/// <summary>What to build: a method, the layers to steer at, and the open choices of the direction.</summary>
public sealed record SteeringRequest(SteeringMethod Method, IReadOnlyList<int> Layers, DirectionSettings Directions, bool WithSentiment = false)
{
    public ItiSettings Iti { get; init; } = new();
}

/// <summary>Built vectors with the preferences they aim at and how many history items each direction averaged.</summary>
public sealed record BuiltVectors(SteeringVectors Vectors, int Topic, int? Sentiment, int Selected);

/// <summary>
/// Builds steering vectors on a <see cref="SteeringLab"/>. CONFST and mean steering read the preference off the user
/// history (CONFST through the probe; mean steering needs no target); ActAdd, CAA and ITI-lite are given the true target,
/// since by definition they are built from a chosen contrast, not from the history.
/// </summary>
public static class SteeringBuild
{
    public static BuiltVectors Build(SteeringLab lab, SteeringRequest request, CapturedActivations history, int trueTopic, int trueSentiment)
    {
        if (request.Layers.Count == 0) throw new ArgumentException("steering needs at least one layer");
        if (request.Method == SteeringMethod.Iti) return BuildIti(lab, request, trueTopic);
        var span = lab.Settings.Span;
        var corpus = lab.Corpus;
        var vectors = new Dictionary<string, float[,]>();
        int topic = trueTopic, selected = int.MaxValue;
        int? sentiment = request.WithSentiment ? trueSentiment : null;
        int styles = request.WithSentiment ? corpus.Styles?.Count ?? throw new ArgumentException("this corpus has no style axis to steer") : 0;
        foreach (int layer in request.Layers)
        {
            var pool = lab.PoolActivations.At(layer);
            var hist = history.At(layer);
            Direction direction;
            switch (request.Method)
            {
                case SteeringMethod.Confst:
                {
                    var probe = lab.TopicProbe(layer);
                    topic = DirectionBuilder.PreferredClass(probe, hist);
                    direction = DirectionBuilder.Confst(layer, probe, hist, topic, pool, span.Rows, request.Directions);
                    if (request.WithSentiment)
                    {
                        var sprobe = lab.SentimentProbe(layer);
                        sentiment = DirectionBuilder.PreferredClass(sprobe, hist);
                        direction = direction.Plus(DirectionBuilder.Confst(layer, sprobe, hist, sentiment.Value, pool, span.Rows, request.Directions));
                    }
                    break;
                }
                case SteeringMethod.Mean:
                    // One history mean carries every preference the history has; there is nothing separate to add.
                    direction = DirectionBuilder.MeanSteering(layer, hist, pool, span.Rows, request.Directions.Center);
                    break;
                case SteeringMethod.Caa:
                {
                    direction = DirectionBuilder.Caa(layer, pool, lab.Pool.Select(d => d.Topic).ToList(), trueTopic, lab.ClassCount, span.Rows);
                    if (request.WithSentiment)
                        direction = direction.Plus(DirectionBuilder.Caa(layer, pool, lab.Pool.Select(d => d.Sentiment).ToList(), trueSentiment, styles, span.Rows));
                    break;
                }
                default:
                {
                    var (pos, neg) = lab.ActAddPair(layer, corpus.ContrastText(trueTopic), corpus.ContrastText((trueTopic + 1) % lab.ClassCount));
                    direction = DirectionBuilder.ActAdd(layer, pos, neg, span.Rows);
                    if (request.WithSentiment)
                    {
                        var (sp, sn) = lab.ActAddPair(layer, corpus.StyleContrastText(trueSentiment), corpus.StyleContrastText((trueSentiment + 1) % styles));
                        direction = direction.Plus(DirectionBuilder.ActAdd(layer, sp, sn, span.Rows));
                    }
                    break;
                }
            }
            selected = Math.Min(selected, direction.Selected);
            vectors[history.PointNames[layer]] = direction.Scaled(lab.PoolActivations.TypicalNorms[layer], request.Directions.Mode);
        }
        var meta = Metadata(request, corpus.Classes[topic]);
        if (sentiment is int s) meta["sentiment"] = corpus.Styles![s];
        return new BuiltVectors(new SteeringVectors(vectors, request.Directions.Mode, span.Start, meta), topic, sentiment, selected);
    }

    /// <summary>
    /// ITI-lite toward the true class, among the heads of the requested layers. Its σ-scaled head shifts keep their relative
    /// sizes; the whole set is then scaled so that, to first order, α = 1 adds one typical residual norm (the mean over
    /// the chosen heads' layers) in total: the same budget as every residual-stream method.
    /// </summary>
    private static BuiltVectors BuildIti(SteeringLab lab, SteeringRequest request, int trueTopic)
    {
        if (request.WithSentiment) throw new ArgumentException("ITI-lite steers one class; combine its vectors by hand for several");
        if (request.Directions.Mode != InjectionMode.Every) throw new ArgumentException("ITI-lite adds its head shifts at every position; front injection is for residual points");
        var model = (IAttentionHeadModel)lab.Model;
        var heads = lab.PoolHeads();
        var labels = lab.Pool.Select(d => d.Topic).ToList();
        var ranked = ItiLite.RankHeads(request.Layers.Select(l => heads[l]).ToArray(), labels, lab.ClassCount, model.Heads.HeadCount, request.Iti);
        var chosen = ranked.Take(request.Iti.TopHeads).Select(h => h with { Layer = request.Layers[h.Layer] }).ToList();
        var shifts = ItiLite.Shifts(heads, labels, trueTopic, model.Heads.HeadCount, chosen);
        var total = new double[model.HiddenSize];
        foreach (var (layer, shift) in shifts)
        {
            var delta = model.Heads.ResidualShift(layer, shift.Select(x => (float)x).ToArray());
            for (int c = 0; c < total.Length; c++) total[c] += delta[c];
        }
        double norm = Math.Sqrt(total.Sum(x => x * x));
        double budget = shifts.Keys.Average(l => lab.PoolActivations.TypicalNorms[l]);
        double scale = norm < 1e-12 ? 0 : budget / norm;
        var vectors = new Dictionary<string, float[,]>();
        foreach (var (layer, shift) in shifts)
        {
            var v = new float[1, shift.Length];
            for (int c = 0; c < shift.Length; c++) v[0, c] = (float)(shift[c] * scale);
            vectors[model.Heads.Name(layer)] = v;
        }
        var meta = Metadata(request, lab.Corpus.Classes[trueTopic]);
        meta["heads"] = string.Join(",", chosen.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Layer}:{h.Head}:{h.Accuracy:F3}")));
        return new BuiltVectors(new SteeringVectors(vectors, InjectionMode.Every, 0, meta), trueTopic, null, lab.Pool.Count);
    }

    private static Dictionary<string, string> Metadata(SteeringRequest request, string topic) => new()
    {
        ["method"] = request.Method.ToString().ToLowerInvariant(),
        ["threshold"] = request.Directions.Threshold.ToString("R", CultureInfo.InvariantCulture),
        ["centered"] = request.Directions.Center ? "true" : "false",
        ["topic"] = topic,
    };
}
