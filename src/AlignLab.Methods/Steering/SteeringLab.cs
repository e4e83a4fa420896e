using AlignLab.Core;
using AlignLab.Models.Checkpoints;
using AlignLab.Models.Generation;
using AlignLab.Models.Hooks;
using AlignLab.Models.Tokenizers;

namespace AlignLab.Methods.Steering;

/// <summary>Sizes of the labelled data a <see cref="SteeringLab"/> prepares.</summary>
public sealed record LabSettings
{
    /// <summary>Labelled documents per class for the activation probes (disjoint from every history).</summary>
    public int PoolPerTopic { get; init; } = 200;
    /// <summary>Documents per class for the held-out bag-of-words judges (drawn from their own seed, or their own part of a user corpus).</summary>
    public int JudgePerTopic { get; init; } = 200;
    public FeatureSpan Span { get; init; } = FeatureSpan.Default;
    public ProbeSettings Probe { get; init; } = new();
    /// <summary>Seed of the pool, the judges' documents and the prompts (each from its own stream).</summary>
    public ulong Seed { get; init; } = 11;
}

/// <summary>
/// Everything the steering runs share on one model: the labelled pool and its activations at every layer, one class
/// (topic) and one style (sentiment) probe per layer (fitted on demand), the held-out judges and the neutral prompts.
/// The corpus is the generated style corpus unless another (e.g. user-supplied text classes) is given. Runs on it are
/// sequential, because steering hooks are installed on the one model.
/// </summary>
public sealed class SteeringLab
{
    private readonly Dictionary<int, LogisticProbe> _topicProbes = new(), _sentimentProbes = new();
    private double[][][]? _poolHeads;

    public SteeringLab(string modelDirectory, LabSettings settings, CancellationToken cancel = default, SteeringCorpus? corpus = null)
    {
        Model = HfCheckpoint.Load(modelDirectory) as IResidualStreamModel
            ?? throw new ArgumentException($"{modelDirectory}: this model family has no residual-stream hooks");
        Tokenizer = ByteLevelBpeTokenizer.FromDirectory(modelDirectory);
        Settings = settings;
        Corpus = corpus ?? new StyleCorpus(StyleModelSpec.World());
        var root = new Generator(settings.Seed);
        Pool = Corpus.Labelled(settings.PoolPerTopic, CorpusPart.Pool, root.Fork(1));
        PoolActivations = ActivationCapture.Capture(Model, Tokenizer, Pool.Select(d => d.Text).ToList(), settings.Span, cancel);
        var judgeDocs = Corpus.Labelled(settings.JudgePerTopic, CorpusPart.Judge, root.Fork(2));
        TopicJudge = BagOfWordsClassifier.Fit(judgeDocs.Select(d => d.Text).ToList(), judgeDocs.Select(d => d.Topic).ToList(), ClassCount);
        if (Corpus.Styles is { } styles)
            SentimentJudge = BagOfWordsClassifier.Fit(judgeDocs.Select(d => d.Text).ToList(), judgeDocs.Select(d => d.Sentiment).ToList(), styles.Count);
        PromptGenerator = root.Fork(3);
        HistorySeedRoot = root.Fork(4);
    }

    public IResidualStreamModel Model { get; }
    public ByteLevelBpeTokenizer Tokenizer { get; }
    public LabSettings Settings { get; }
    public SteeringCorpus Corpus { get; }
    public List<StyledDocument> Pool { get; }
    public CapturedActivations PoolActivations { get; }
    public BagOfWordsClassifier TopicJudge { get; }
    /// <summary>The style judge; null when the corpus has no style axis.</summary>
    public BagOfWordsClassifier? SentimentJudge { get; }
    private Generator PromptGenerator { get; }
    private Generator HistorySeedRoot { get; }
    public int LayerCount => Model.LayerCount;
    public int ClassCount => Corpus.Classes.Count;

    public LogisticProbe TopicProbe(int layer) => Probe(_topicProbes, layer, d => d.Topic, ClassCount);
    public LogisticProbe SentimentProbe(int layer) => Probe(_sentimentProbes, layer, d => d.Sentiment,
        Corpus.Styles?.Count ?? throw new InvalidOperationException("this corpus has no style axis to probe"));

    /// <summary>The pool's attention-head outputs [layer][text][H·hd], averaged over the span (captured once, for ITI).</summary>
    public double[][][] PoolHeads()
    {
        if (Model is not IAttentionHeadModel heads) throw new ArgumentException($"ITI needs attention-head hooks, which a {Model.ModelType} model lacks");
        return _poolHeads ??= ActivationCapture.CaptureHeads(heads, Tokenizer, Pool.Select(d => d.Text).ToList(), Settings.Span);
    }

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
        {
            var prompt = ActivationCapture.Prompt(Tokenizer, p);
            if (prompt.Length == 0) throw new ArgumentException("an empty prompt needs a tokenizer with <|endoftext|> to start generation from");
            for (int r = 0; r < settings.SamplesPerPrompt; r++) ids.Add(prompt);
        }
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
        var targetWords = Corpus.ClassWords(topic);
        var allTopicWords = targetWords == null ? [] : Enumerable.Range(0, ClassCount).SelectMany(k => Corpus.ClassWords(k)!).ToHashSet();
        var scored = new List<int[]>();
        for (int i = 0; i < n; i++)
        {
            var text = Tokenizer.Decode(continuations[i]);
            bool t = continuations[i].Length > 0 && TopicJudge.Predict(text) == topic;
            bool s = sentiment is int target && continuations[i].Length > 0 && SentimentJudge?.Predict(text) == target;
            topicHits += t ? 1 : 0;
            sentimentHits += s ? 1 : 0;
            joint += t && s ? 1 : 0;
            var words = BagOfWordsClassifier.Words(text).Where(allTopicWords.Contains).ToList();
            if (words.Count > 0) { lexicon += (double)words.Count(targetWords!.Contains) / words.Count; lexiconCounted++; }
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
}
