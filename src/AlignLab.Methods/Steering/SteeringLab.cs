using AlignLab.Core;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Hooks;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.Steering;

/// <summary>Sizes of the labelled data a <see cref="SteeringLab"/> prepares.</summary>
public sealed record LabSettings
{
    /// <summary>Labelled documents per topic for the activation probes (disjoint from every history).</summary>
    public int PoolPerTopic { get; init; } = 200;
    /// <summary>Documents per topic for the held-out bag-of-words judges (drawn from their own seed).</summary>
    public int JudgePerTopic { get; init; } = 200;
    public FeatureSpan Span { get; init; } = FeatureSpan.Default;
    public ProbeSettings Probe { get; init; } = new();
    /// <summary>Seed of the pool, the judges' documents and the prompts (each from its own stream).</summary>
    public ulong Seed { get; init; } = 11;
}

/// <summary>
/// Everything the steering runs share on one model: the labelled pool and its activations at every layer, one topic and
/// one sentiment probe per layer (fitted on demand), the held-out judges and the neutral prompts. Runs on it are
/// sequential, because steering hooks are installed on the one model.
/// </summary>
public sealed class SteeringLab
{
    private readonly Dictionary<int, LogisticProbe> _topicProbes = new(), _sentimentProbes = new();

    public SteeringLab(string modelDirectory, LabSettings settings, CancellationToken cancel = default)
    {
        Model = HfCheckpoint.Load(modelDirectory) as IResidualStreamModel
            ?? throw new ArgumentException($"{modelDirectory}: this model family has no residual-stream hooks");
        Tokenizer = ByteLevelBpeTokenizer.FromDirectory(modelDirectory);
        Settings = settings;
        Corpus = new StyleCorpus(StyleModelSpec.World());
        var root = new Generator(settings.Seed);
        Pool = Balanced(settings.PoolPerTopic, root.Fork(1));
        PoolActivations = ActivationCapture.Capture(Model, Tokenizer, Pool.Select(d => d.Text).ToList(), settings.Span, cancel);
        var judgeDocs = Balanced(settings.JudgePerTopic, root.Fork(2));
        TopicJudge = BagOfWordsClassifier.Fit(judgeDocs.Select(d => d.Text).ToList(), judgeDocs.Select(d => d.Topic).ToList(), StyleCorpus.TopicCount);
        SentimentJudge = BagOfWordsClassifier.Fit(judgeDocs.Select(d => d.Text).ToList(), judgeDocs.Select(d => d.Sentiment).ToList(), StyleCorpus.SentimentCount);
        PromptGenerator = root.Fork(3);
        HistorySeedRoot = root.Fork(4);
    }

    public IResidualStreamModel Model { get; }
    public ByteLevelBpeTokenizer Tokenizer { get; }
    public LabSettings Settings { get; }
    public StyleCorpus Corpus { get; }
    public List<StyledDocument> Pool { get; }
    public CapturedActivations PoolActivations { get; }
    public BagOfWordsClassifier TopicJudge { get; }
    public BagOfWordsClassifier SentimentJudge { get; }
    private Generator PromptGenerator { get; }
    private Generator HistorySeedRoot { get; }
    public int LayerCount => Model.LayerCount;

    public LogisticProbe TopicProbe(int layer) => Probe(_topicProbes, layer, d => d.Topic, StyleCorpus.TopicCount);
    public LogisticProbe SentimentProbe(int layer) => Probe(_sentimentProbes, layer, d => d.Sentiment, StyleCorpus.SentimentCount);

    private LogisticProbe Probe(Dictionary<int, LogisticProbe> cache, int layer, Func<StyledDocument, int> label, int classes)
    {
        lock (cache)
        {
            if (!cache.TryGetValue(layer, out var probe))
                cache[layer] = probe = LogisticProbe.Fit(PoolActivations.At(layer), Pool.Select(label).ToList(), classes, Settings.Probe);
            return probe;
        }
    }

    /// <summary>A user history for <paramref name="seed"/>, and its activations at every layer.</summary>
    public (List<StyledDocument> Docs, CapturedActivations Activations) History(int topic, int sentiment, double relevance, int count, int seed)
    {
        var docs = Corpus.History(topic, sentiment, relevance, count, HistorySeedRoot.Fork((ulong)seed));
        return (docs, ActivationCapture.Capture(Model, Tokenizer, docs.Select(d => d.Text).ToList(), Settings.Span));
    }

    /// <summary>The neutral prompts of one evaluation seed.</summary>
    public List<string> Prompts(int count, int seed) => Corpus.NeutralPrompts(count, PromptGenerator.Fork((ulong)seed));

    /// <summary>Topic-k and other-topic feature vectors of a single prompt pair (ActAdd), over the feature span.</summary>
    public (double[] Positive, double[] Negative) ActAddPair(int layer, string positive, string negative)
    {
        var span = Settings.Span;
        var pair = ActivationCapture.Capture(Model, Tokenizer, [Padded(positive, span.End), Padded(negative, span.End)], span);
        return (pair.At(layer)[0], pair.At(layer)[1]);
    }

    /// <summary>
    /// ActAdd's prompt repeated to fill the feature span (Turner et al. pad the pair to equal length; repeating the word
    /// keeps every span position about the word rather than about padding).
    /// </summary>
    private string Padded(string word, int tokens)
    {
        var text = word;
        while (ActivationCapture.Prompt(Tokenizer, text).Length < tokens) text += " " + word;
        return text;
    }

    /// <summary>Samples continuations of the prompts with the vectors attached, and judges them (perplexity unsteered).</summary>
    public SteeringOutcome Evaluate(SteeringVectors? vectors, float alpha, int topic, int? sentiment, EvaluationSettings settings, int seed,
        CancellationToken cancel = default)
    {
        settings.Validate();
        var prompts = Prompts(settings.Prompts, seed);
        var ids = new List<int[]>();
        foreach (var p in prompts)
            for (int r = 0; r < settings.SamplesPerPrompt; r++) ids.Add(ActivationCapture.Prompt(Tokenizer, p));
        var options = new GenerationOptions
        {
            MaxNewTokens = settings.MaxNewTokens, Temperature = settings.Temperature,
            StopIds = Tokenizer.EndOfTextId is int eos ? [eos] : [],
        };
        int[][] continuations;
        using (vectors == null ? null : Steerer.Attach(Model, vectors, alpha))
            continuations = TextGenerator.Generate(Model, ids, options, new Generator((ulong)seed).Fork(5), cancel);
        return Judge(ids, continuations, topic, sentiment);
    }

    private SteeringOutcome Judge(List<int[]> prompts, int[][] continuations, int topic, int? sentiment)
    {
        int n = continuations.Length, topicHits = 0, sentimentHits = 0, joint = 0;
        double lexicon = 0;
        int lexiconCounted = 0;
        var targetWords = StyleCorpus.TopicWords(topic);
        var allTopicWords = Enumerable.Range(0, StyleCorpus.TopicCount).SelectMany(StyleCorpus.TopicWords).ToHashSet();
        var scored = new List<int[]>();
        for (int i = 0; i < n; i++)
        {
            var text = Tokenizer.Decode(continuations[i]);
            bool t = continuations[i].Length > 0 && TopicJudge.Predict(text) == topic;
            bool s = sentiment is int target && continuations[i].Length > 0 && SentimentJudge.Predict(text) == target;
            topicHits += t ? 1 : 0;
            sentimentHits += s ? 1 : 0;
            joint += t && s ? 1 : 0;
            var words = BagOfWordsClassifier.Words(text).Where(allTopicWords.Contains).ToList();
            if (words.Count > 0) { lexicon += (double)words.Count(targetWords.Contains) / words.Count; lexiconCounted++; }
            if (continuations[i].Length > 0) scored.Add([.. prompts[i], .. continuations[i]]);
        }
        return new SteeringOutcome((double)topicHits / n, sentiment == null ? double.NaN : (double)sentimentHits / n,
            sentiment == null ? double.NaN : (double)joint / n, ContinuationPerplexity(prompts, continuations), lexiconCounted == 0 ? 0 : lexicon / lexiconCounted, n);
    }

    /// <summary>exp(mean NLL) of the continuation tokens (not the prompt's) under the model with no hooks attached.</summary>
    private double ContinuationPerplexity(List<int[]> prompts, int[][] continuations)
    {
        double nll = 0;
        long count = 0;
        var rows = Enumerable.Range(0, prompts.Count).Where(i => continuations[i].Length > 0).ToList();
        foreach (var chunk in rows.Chunk(32))
        {
            var lps = SequenceScorer.TokenLogProbs(Model, chunk.Select(i => (int[])[.. prompts[i], .. continuations[i]]).ToList());
            for (int c = 0; c < chunk.Length; c++)
            {
                int m = continuations[chunk[c]].Length;
                var lp = lps[c];
                for (int j = lp.Length - m; j < lp.Length; j++) { nll -= lp[j]; count++; }
            }
        }
        return count == 0 ? double.NaN : Math.Exp(nll / count);
    }

    private List<StyledDocument> Balanced(int perTopic, Generator gen)
    {
        var docs = new List<StyledDocument>();
        for (int i = 0; i < perTopic; i++)
            for (int k = 0; k < StyleCorpus.TopicCount; k++) docs.Add(Corpus.Document(k, gen.NextInt(0, StyleCorpus.SentimentCount), gen));
        return docs;
    }
}
