namespace AlignLab.Methods.Steering;

/// <summary>
/// The held-out judge of steering success: multinomial logistic regression on word counts, trained on its own
/// generated documents (a seed the steering never sees). It judges the generated text only, never activations.
/// </summary>
public sealed class BagOfWordsClassifier
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly LogisticProbe _probe;

    private BagOfWordsClassifier(Dictionary<string, int> vocabulary, LogisticProbe probe) => (_vocabulary, _probe) = (vocabulary, probe);

    public int Classes => _probe.Classes;

    public static BagOfWordsClassifier Fit(IReadOnlyList<string> texts, IReadOnlyList<int> labels, int classes, ProbeSettings? settings = null)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in texts)
            foreach (var w in Words(t))
                vocabulary.TryAdd(w, vocabulary.Count);
        var x = texts.Select(t => Counts(t, vocabulary)).ToList();
        return new BagOfWordsClassifier(vocabulary, LogisticProbe.Fit(x, labels, classes, settings ?? new ProbeSettings { L2 = 1e-2, Iterations = 200 }));
    }

    public int Predict(string text) => _probe.Predict(Counts(text, _vocabulary));

    public double[] Probabilities(string text) => _probe.Probabilities(Counts(text, _vocabulary));

    /// <summary>Lower-case words of letters only (punctuation and digits split words).</summary>
    public static IEnumerable<string> Words(string text)
    {
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    private static double[] Counts(string text, Dictionary<string, int> vocabulary)
    {
        var x = new double[vocabulary.Count];
        foreach (var w in Words(text))
            if (vocabulary.TryGetValue(w, out int j)) x[j] += 1;
        return x;
    }
}
