using AlignLab.Core;

namespace AlignLab.Methods.Steering;

/// <summary>Which labelled part of a corpus: the probes' pool or the held-out judges' training data (never the same texts).</summary>
public enum CorpusPart { Pool, Judge }

/// <summary>
/// Texts with known preferences for steering runs: one class axis (topics, or a user's labels) and optionally a second
/// style axis (sentiment). Supplies the labelled pool for the probes, the judges' own data, noisy user histories and
/// the prompts steered generation starts from. Documents carry their style as <see cref="StyledDocument.Sentiment"/>
/// (0 when the corpus has no style axis).
/// </summary>
public abstract class SteeringCorpus
{
    public abstract IReadOnlyList<string> Classes { get; }
    /// <summary>The second preference axis, or null when the corpus has only classes.</summary>
    public virtual IReadOnlyList<string>? Styles => null;

    /// <summary>Up to <paramref name="perClass"/> labelled documents of every class, from the given part.</summary>
    public abstract List<StyledDocument> Labelled(int perClass, CorpusPart part, Generator gen);

    /// <summary>A user history: a share <paramref name="relevance"/> (ρ) of class <paramref name="cls"/> (and style), the rest from other classes.</summary>
    public abstract List<StyledDocument> History(int cls, int style, double relevance, int count, Generator gen);

    /// <summary>Prompts with no preference in them (steering must supply it).</summary>
    public abstract List<string> NeutralPrompts(int count, Generator gen);

    /// <summary>The text ActAdd contrasts for a class (and for a style).</summary>
    public abstract string ContrastText(int cls);
    public virtual string StyleContrastText(int style) => throw new InvalidOperationException("this corpus has no style axis");

    /// <summary>A class's own words, for the lexicon-share metric; null when the corpus has no lexicon.</summary>
    public virtual IReadOnlySet<string>? ClassWords(int cls) => null;

    /// <summary>The index of a class name, or a one-line error listing the classes.</summary>
    public int ClassIndex(string name)
    {
        for (int k = 0; k < Classes.Count; k++) if (Classes[k] == name) return k;
        throw new ArgumentException($"'{name}' is not a class of this corpus (classes: {string.Join(", ", Classes)})");
    }
}
