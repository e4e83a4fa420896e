using AlignLab.Core;

namespace AlignLab.Methods.Quantization;

/// <summary>One fine-tuning pair: the prompt (a post and the cue " tl;dr:") and the completion (the summary and a newline).</summary>
public sealed record SummaryExample(int[] Prompt, int[] Completion)
{
    public int[] Full() => [.. Prompt, .. Completion];
}

/// <summary>
/// A generated summarisation task standing in for Reddit TL;DR at character level. A post is 3–4 sentences about animals:
/// "took" sentences ("the fox took 3 apples at the mill.") and distractors ("the owl saw the cat.", "it was cold at the
/// pond."). The summary lists, in order, who took how many of what: " fox 3 apples, owl 2 nuts.". Pre-training text is
/// posts alone; fine-tuning adds the " tl;dr:" cue and the summary, a format the pre-training never showed.
/// </summary>
public static class PostsTask
{
    private static readonly string[] Animals = ["fox", "owl", "cat", "dog", "hen", "elk", "bee", "ant"];
    private static readonly string[] Things = ["apples", "pears", "nuts", "eggs", "figs", "plums"];
    private static readonly string[] Places = ["mill", "barn", "pond", "hill", "farm"];
    private static readonly string[] Weather = ["cold", "warm", "dark", "loud", "calm"];
    public const string Cue = " tl;dr:";

    /// <summary>One post and its summary.</summary>
    public static (string Post, string Summary) Sample(Generator g)
    {
        int sentences = g.NextInt(3, 5);
        int takes = g.NextInt(1, Math.Min(3, sentences) + 1);
        var isTake = new bool[sentences];
        for (int placed = 0; placed < takes;)
        {
            int i = g.NextInt(0, sentences);
            if (!isTake[i]) { isTake[i] = true; placed++; }
        }
        var post = new List<string>();
        var summary = new List<string>();
        foreach (bool take in isTake)
        {
            if (take)
            {
                string a = Pick(Animals, g), t = Pick(Things, g);
                int n = g.NextInt(2, 10);
                post.Add($"the {a} took {n} {t} at the {Pick(Places, g)}.");
                summary.Add($"{a} {n} {t}");
            }
            else post.Add(g.NextDouble() < 0.5 ? $"the {Pick(Animals, g)} saw the {Pick(Animals, g)}." : $"it was {Pick(Weather, g)} at the {Pick(Places, g)}.");
        }
        return (string.Join(" ", post), " " + string.Join(", ", summary) + ".\n");
    }

    /// <summary>Fine-tuning pairs from the seeded stream <paramref name="g"/>.</summary>
    public static SummaryExample[] Examples(int count, Generator g)
    {
        var examples = new SummaryExample[count];
        for (int i = 0; i < count; i++)
        {
            var (post, summary) = Sample(g);
            examples[i] = new SummaryExample(CharVocabulary.Encode(post + Cue), CharVocabulary.Encode(summary));
        }
        return examples;
    }

    /// <summary>Pre-training sequences: posts separated by newlines, as examples with an empty prompt (every token is trained).</summary>
    public static SummaryExample[] Corpus(int sequences, int length, Generator g)
    {
        var result = new SummaryExample[sequences];
        for (int s = 0; s < sequences; s++)
        {
            var text = new System.Text.StringBuilder();
            while (text.Length < length) text.Append(Sample(g).Post).Append('\n');
            result[s] = new SummaryExample([], CharVocabulary.Encode(text.ToString(0, length)));
        }
        return result;
    }

    private static string Pick(string[] words, Generator g) => words[g.NextInt(0, words.Length)];
}
