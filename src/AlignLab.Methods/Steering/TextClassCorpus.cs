using AlignLab.Core;
using AlignLab.Models.Data;

namespace AlignLab.Methods.Steering;

/// <summary>One user-supplied text with its class and where it came from (<c>file:line</c>).</summary>
public sealed record LabelledText(string Where, string Text, string Label);

/// <summary>
/// User-supplied text classes: a JSONL file of <c>{"text": "...", "label": "..."}</c>, one text a line (other fields are
/// ignored; classes in order of first appearance). Each class's texts are shuffled once by the seed and split three
/// ways, so no text serves two roles: the probes' pool, the held-out judge's training data, and the texts user histories
/// are drawn from. Steered generation starts from an empty document (&lt;|endoftext|&gt; alone), which names no class.
/// </summary>
public sealed class TextClassCorpus : SteeringCorpus
{
    /// <summary>Each class needs a text for each of the three parts.</summary>
    public const int MinPerClass = 3;

    private readonly string[] _classes;
    private readonly LabelledText[][][] _parts; // [part: pool, judge, history][class][item]

    private TextClassCorpus(string[] classes, LabelledText[][][] parts) => (_classes, _parts) = (classes, parts);

    public override IReadOnlyList<string> Classes => _classes;

    /// <summary>Texts of class <paramref name="cls"/> that histories are drawn from (for tests and reports).</summary>
    public IReadOnlyList<LabelledText> HistoryTexts(int cls) => _parts[2][cls];

    public static TextClassCorpus Load(string path, ulong seed = 11)
    {
        var byClass = new Dictionary<string, List<LabelledText>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (where, r) in JsonlFile.Read(path))
        {
            string text = JsonlFile.String(r, "text", where), label = JsonlFile.String(r, "label", where);
            if (string.IsNullOrWhiteSpace(text)) throw new InvalidDataException($"{where}: field \"text\" is empty");
            if (string.IsNullOrWhiteSpace(label)) throw new InvalidDataException($"{where}: field \"label\" is empty");
            if (!byClass.TryGetValue(label, out var list)) { byClass[label] = list = new(); order.Add(label); }
            list.Add(new LabelledText(where, text, label));
        }
        if (order.Count < 2) throw new InvalidDataException($"{path}: steering needs at least 2 classes, found {order.Count}{(order.Count == 1 ? $" ('{order[0]}')" : "")}");
        foreach (var label in order)
            if (byClass[label].Count < MinPerClass)
                throw new InvalidDataException($"{path}: class '{label}' has {byClass[label].Count} text(s); each class needs at least {MinPerClass} (probe pool, judge, history)");
        var gen = new Generator(seed);
        var parts = new LabelledText[3][][];
        for (int p = 0; p < 3; p++) parts[p] = new LabelledText[order.Count][];
        for (int k = 0; k < order.Count; k++)
        {
            var items = Shuffled(byClass[order[k]], gen);
            int third = items.Length / 3;
            parts[0][k] = items[..(items.Length - 2 * third)];
            parts[1][k] = items[(items.Length - 2 * third)..(items.Length - third)];
            parts[2][k] = items[(items.Length - third)..];
        }
        return new TextClassCorpus(order.ToArray(), parts);
    }

    public override List<StyledDocument> Labelled(int perClass, CorpusPart part, Generator gen)
    {
        var docs = new List<StyledDocument>();
        var texts = _parts[part == CorpusPart.Pool ? 0 : 1];
        for (int k = 0; k < _classes.Length; k++)
            foreach (var t in texts[k].Take(perClass)) docs.Add(new StyledDocument(t.Text, k, 0, false));
        return docs;
    }

    /// <summary>Drawn with replacement from the history part: round(ρ·count) of class <paramref name="cls"/>, the rest of uniformly chosen other classes.</summary>
    public override List<StyledDocument> History(int cls, int style, double relevance, int count, Generator gen)
    {
        if ((uint)cls >= (uint)_classes.Length) throw new ArgumentOutOfRangeException(nameof(cls), $"class must be in 0 … {_classes.Length - 1}, got {cls}");
        if (!(relevance >= 0 && relevance <= 1)) throw new ArgumentOutOfRangeException(nameof(relevance), $"history relevance must be in [0, 1], got {relevance}");
        int relevant = (int)Math.Round(relevance * count);
        var docs = new List<StyledDocument>(count);
        for (int i = 0; i < count; i++)
        {
            int k = i < relevant ? cls : (cls + 1 + gen.NextInt(0, _classes.Length - 1)) % _classes.Length;
            var pool = _parts[2][k];
            docs.Add(new StyledDocument(pool[gen.NextInt(0, pool.Length)].Text, k, 0, false));
        }
        return Shuffled(docs, gen).ToList();
    }

    private static T[] Shuffled<T>(IReadOnlyList<T> items, Generator gen)
    {
        var order = new int[items.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        gen.Shuffle(order);
        var result = new T[order.Length];
        for (int i = 0; i < order.Length; i++) result[i] = items[order[i]];
        return result;
    }

    public override List<string> NeutralPrompts(int count, Generator gen) => Enumerable.Repeat("", count).ToList();

    /// <summary>ActAdd's prompt for a class: its label, which a user names after what the class is about.</summary>
    public override string ContrastText(int cls) => _classes[cls];
}
