using AlignLab.Core;

namespace AlignLab.Methods.RewardsFromDemos.Tasks;

/// <summary>Sizes of a <see cref="TaskDataset"/>.</summary>
public sealed record TaskDatasetSizes
{
    /// <summary>Examples of the noisy corpus the weak base model is trained on.</summary>
    public int Pretraining { get; init; } = 20_000;
    /// <summary>Probability that a corpus example carries the right answer (the rest are corrupted).</summary>
    public double PretrainingAccuracy { get; init; } = 0.4;
    public int Demonstrations { get; init; } = 1_500;
    /// <summary>Fraction of demonstrations replaced by a corrupted answer (the low-quality-demonstration variant).</summary>
    public double CorruptedFraction { get; init; }
    public int HeldOut { get; init; } = 300;
    /// <summary>Prompts that choose hyperparameters: disjoint from the held-out (test) prompts and from every training prompt.</summary>
    public int Validation { get; init; } = 300;

    public void Validate()
    {
        if (Pretraining < 1) throw new ArgumentException($"Pretraining must be at least 1, got {Pretraining}", nameof(Pretraining));
        if (!(PretrainingAccuracy is >= 0 and <= 1)) throw new ArgumentException($"PretrainingAccuracy must be in [0, 1], got {PretrainingAccuracy}", nameof(PretrainingAccuracy));
        if (Demonstrations < 1) throw new ArgumentException($"Demonstrations must be at least 1, got {Demonstrations}", nameof(Demonstrations));
        if (!(CorruptedFraction is >= 0 and <= 1)) throw new ArgumentException($"CorruptedFraction must be in [0, 1], got {CorruptedFraction}", nameof(CorruptedFraction));
        if (HeldOut < 2) throw new ArgumentException($"HeldOut must be at least 2, got {HeldOut}", nameof(HeldOut));
        if (Validation < 1) throw new ArgumentException($"Validation must be at least 1, got {Validation}", nameof(Validation));
    }
}

/// <summary>
/// Everything one seed of one task needs, drawn from its own generator streams: held-out prompts (disjoint from all
/// training prompts), validation prompts (disjoint from the held-out and the training prompts), demonstrations by the oracle on distinct training prompts (a fraction of them corrupted in the
/// low-quality variant), and the weak base model's noisy corpus (correct with a fixed probability, otherwise corrupted
/// answers, on prompts outside the held-out set).
/// </summary>
public sealed class TaskDataset
{
    public AlignTask Task { get; }
    public TaskDatasetSizes Sizes { get; }
    public IReadOnlyList<TaskProblem> HeldOut { get; }
    /// <summary>Prompts for choosing hyperparameters, disjoint from <see cref="HeldOut"/>, the demonstrations and the corpus.</summary>
    public IReadOnlyList<TaskProblem> Validation { get; }
    /// <summary>The problems of the demonstrations with their oracle answers (what the judge checks against).</summary>
    public IReadOnlyList<TaskProblem> DemonstrationProblems { get; }
    /// <summary>The completions shown as demonstrations (ids with end-of-sequence): oracle answers or, for the corrupted fraction, wrong ones.</summary>
    public IReadOnlyList<int[]> Demonstrations { get; }
    /// <summary>Which demonstrations are corrupted.</summary>
    public IReadOnlyList<bool> Corrupted { get; }
    /// <summary>The noisy corpus: whole sequences (prompt, answer, end-of-sequence).</summary>
    public IReadOnlyList<int[]> Pretraining { get; }

    public TaskDataset(AlignTask task, TaskDatasetSizes sizes, ulong seed)
    {
        sizes.Validate();
        Task = task;
        Sizes = sizes;
        var root = new Generator(seed);
        var heldOut = Distinct(task, sizes.HeldOut, root.Fork(1), new HashSet<string>());
        var excluded = new HashSet<string>(heldOut.Select(p => p.Prompt));
        var taken = new HashSet<string>(excluded);
        var demos = Distinct(task, sizes.Demonstrations, root.Fork(2), taken);
        // Drawn after the demonstrations from its own stream, so a seed's held-out prompts and demonstrations are those
        // drawn before this split existed; the corpus avoids it as it avoids the held-out prompts.
        var validation = Distinct(task, sizes.Validation, root.Fork(5), taken);
        excluded.UnionWith(validation.Select(p => p.Prompt));
        // Which demonstrations are corrupted: an exact count, chosen by a shuffle (its own stream, so the clean and the
        // corrupted variants of one seed share prompts).
        var corruptRandom = root.Fork(3);
        var order = Enumerable.Range(0, demos.Count).ToArray();
        corruptRandom.Shuffle(order);
        var corrupted = new bool[demos.Count];
        int bad = (int)Math.Round(sizes.CorruptedFraction * demos.Count);
        for (int i = 0; i < bad; i++) corrupted[order[i]] = true;
        var shown = new int[demos.Count][];
        for (int i = 0; i < demos.Count; i++)
            shown[i] = corrupted[i] ? [.. TaskVocabulary.Encode(TaskProblem.Corrupt(task, demos[i].Answer, corruptRandom)), TaskVocabulary.Eos] : demos[i].AnswerIds;
        var corpusRandom = root.Fork(4);
        var corpus = new int[sizes.Pretraining][];
        for (int i = 0; i < corpus.Length; i++)
        {
            TaskProblem p;
            do p = TaskProblem.Draw(task, corpusRandom); while (excluded.Contains(p.Prompt));
            string answer = corpusRandom.NextDouble() < sizes.PretrainingAccuracy ? p.Answer : TaskProblem.Corrupt(task, p.Answer, corpusRandom);
            corpus[i] = [.. p.PromptIds, .. TaskVocabulary.Encode(answer), TaskVocabulary.Eos];
        }
        HeldOut = heldOut;
        Validation = validation;
        DemonstrationProblems = demos;
        Demonstrations = shown;
        Corrupted = corrupted;
        Pretraining = corpus;
    }

    /// <summary>The longest prompt plus completion any task sequence has (prompt ≤ 8, answer ≤ 7 with a repeat, EOS).</summary>
    public const int MaxSequence = 16;
    /// <summary>New tokens a policy may generate: the longest answer plus end-of-sequence, with one spare.</summary>
    public const int MaxNewTokens = 8;

    private static List<TaskProblem> Distinct(AlignTask task, int count, Generator random, HashSet<string> taken)
    {
        var result = new List<TaskProblem>(count);
        for (int attempts = 0; result.Count < count; attempts++)
        {
            if (attempts > 50 * count + 1000) throw new ArgumentException($"{task}: cannot draw {count} distinct prompts outside the other splits");
            var p = TaskProblem.Draw(task, random);
            if (taken.Add(p.Prompt)) result.Add(p);
        }
        return result;
    }
}
