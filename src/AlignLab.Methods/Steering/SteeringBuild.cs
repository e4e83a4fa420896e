using System.Globalization;

namespace AlignLab.Methods.Steering;

/// <summary>What to build: a method, the layers to steer at, and the open choices of the direction.</summary>
public sealed record SteeringRequest(SteeringMethod Method, IReadOnlyList<int> Layers, DirectionSettings Directions, bool WithSentiment = false);

/// <summary>Built vectors with the preferences they aim at and how many history items each direction averaged.</summary>
public sealed record BuiltVectors(SteeringVectors Vectors, int Topic, int? Sentiment, int Selected);

/// <summary>
/// Builds steering vectors on a <see cref="SteeringLab"/>. CONFST and mean steering read the preference off the user
/// history (CONFST through the probe; mean steering needs no target); ActAdd and CAA are given the true target, since
/// by definition they are built from a chosen contrast, not from the history.
/// </summary>
public static class SteeringBuild
{
    public static BuiltVectors Build(SteeringLab lab, SteeringRequest request, CapturedActivations history, int trueTopic, int trueSentiment)
    {
        if (request.Layers.Count == 0) throw new ArgumentException("steering needs at least one layer");
        var span = lab.Settings.Span;
        var vectors = new Dictionary<string, float[,]>();
        int topic = trueTopic, selected = int.MaxValue;
        int? sentiment = request.WithSentiment ? trueSentiment : null;
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
                    direction = DirectionBuilder.Caa(layer, pool, lab.Pool.Select(d => d.Topic).ToList(), trueTopic, StyleCorpus.TopicCount, span.Rows);
                    if (request.WithSentiment)
                        direction = direction.Plus(DirectionBuilder.Caa(layer, pool, lab.Pool.Select(d => d.Sentiment).ToList(), trueSentiment, StyleCorpus.SentimentCount, span.Rows));
                    break;
                }
                default:
                {
                    var (pos, neg) = lab.ActAddPair(layer, StyleCorpus.SeedWord(trueTopic), StyleCorpus.SeedWord((trueTopic + 1) % StyleCorpus.TopicCount));
                    direction = DirectionBuilder.ActAdd(layer, pos, neg, span.Rows);
                    if (request.WithSentiment)
                    {
                        var (sp, sn) = lab.ActAddPair(layer, StyleCorpus.SentimentWord(trueSentiment), StyleCorpus.SentimentWord(1 - trueSentiment));
                        direction = direction.Plus(DirectionBuilder.ActAdd(layer, sp, sn, span.Rows));
                    }
                    break;
                }
            }
            selected = Math.Min(selected, direction.Selected);
            vectors[history.PointNames[layer]] = direction.Scaled(lab.PoolActivations.TypicalNorms[layer], request.Directions.Mode);
        }
        var meta = new Dictionary<string, string>
        {
            ["method"] = request.Method.ToString().ToLowerInvariant(),
            ["threshold"] = request.Directions.Threshold.ToString("R", CultureInfo.InvariantCulture),
            ["centered"] = request.Directions.Center ? "true" : "false",
            ["topic"] = StyleCorpus.TopicNames[topic],
        };
        if (sentiment is int s) meta["sentiment"] = StyleCorpus.SentimentNames[s];
        return new BuiltVectors(new SteeringVectors(vectors, request.Directions.Mode, span.Start, meta), topic, sentiment, selected);
    }
}
