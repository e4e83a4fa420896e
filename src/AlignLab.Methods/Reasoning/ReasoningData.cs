using AlignLab.Core;

namespace AlignLab.Methods.Reasoning;

/// <summary>Sizes of the generated splits.</summary>
public sealed record ReasoningDataSettings
{
    /// <summary>Levels whose gold rationales the warm-start model is trained on (the easy levels).</summary>
    public IReadOnlyList<int> EasyLevels { get; init; } = [1, 2];
    /// <summary>Levels of the bootstrap set, which has answers but no rationales (the hard levels).</summary>
    public IReadOnlyList<int> HardLevels { get; init; } = [3, 4];
    /// <summary>A level trained on by nobody, to test length generalisation.</summary>
    public int HeldOutLevel { get; init; } = 5;
    public int WarmStartProblems { get; init; } = 2000;
    /// <summary>
    /// Hard-level problems with gold rationales added to the warm-start set (a seed of long demonstrations; disjoint
    /// from the bootstrap and test sets). Without any, a model this small never writes more steps than it was shown.
    /// </summary>
    public int WarmStartHardProblems { get; init; } = 128;
    public int BootstrapProblems { get; init; } = 256;
    public int TestProblemsPerLevel { get; init; } = 200;

    public void Validate()
    {
        if (EasyLevels.Count == 0 || HardLevels.Count == 0) throw new ArgumentException("EasyLevels and HardLevels must not be empty");
        foreach (int level in EasyLevels.Concat(HardLevels).Append(HeldOutLevel))
            if (level < 1 || level > 5) throw new ArgumentException($"levels must be 1…5 (longer problems exceed the model's positions), got {level}");
        if (WarmStartHardProblems < 0) throw new ArgumentException($"WarmStartHardProblems must be non-negative, got {WarmStartHardProblems}");
        if (WarmStartProblems < 1) throw new ArgumentException($"WarmStartProblems must be at least 1, got {WarmStartProblems}");
        if (BootstrapProblems < 1) throw new ArgumentException($"BootstrapProblems must be at least 1, got {BootstrapProblems}");
        if (TestProblemsPerLevel < 1) throw new ArgumentException($"TestProblemsPerLevel must be at least 1, got {TestProblemsPerLevel}");
    }
}

/// <summary>
/// The splits of one seed: a warm-start set of easy problems (plus a small seed of hard ones) with gold rationales, a bootstrap set of hard problems
/// whose gold rationales only the gold-rationale baseline may read, and test sets per level. No test prompt occurs in a
/// training split, and the same seed gives the same problems.
/// </summary>
public sealed class ReasoningData
{
    public required ReasoningDataSettings Settings { get; init; }
    public required IReadOnlyList<ArithmeticProblem> WarmStart { get; init; }
    public required IReadOnlyList<ArithmeticProblem> Bootstrap { get; init; }
    /// <summary>Test problems by level (easy, hard and the held-out level).</summary>
    public required IReadOnlyDictionary<int, IReadOnlyList<ArithmeticProblem>> Test { get; init; }

    public IEnumerable<int> TestLevels => Test.Keys.OrderBy(k => k);

    public static ReasoningData Generate(ReasoningDataSettings settings, Generator generator)
    {
        settings.Validate();
        var testGenerator = generator.Fork(1);
        var used = new HashSet<string>();
        var test = new Dictionary<int, IReadOnlyList<ArithmeticProblem>>();
        foreach (int level in settings.EasyLevels.Concat(settings.HardLevels).Append(settings.HeldOutLevel).Distinct().Order())
            test[level] = Draw(settings.TestProblemsPerLevel, [level], testGenerator, used, unique: true);
        var trainUsed = new HashSet<string>(used);
        // Training problems may repeat among themselves (level 1 has only a few hundred prompts) but never a test prompt.
        var warm = Draw(settings.WarmStartProblems, settings.EasyLevels, generator.Fork(2), trainUsed, unique: false);
        var bootstrap = Draw(settings.BootstrapProblems, settings.HardLevels, generator.Fork(3), trainUsed, unique: true);
        warm.AddRange(Draw(settings.WarmStartHardProblems, settings.HardLevels, generator.Fork(4), trainUsed, unique: true));
        return new ReasoningData { Settings = settings, WarmStart = warm, Bootstrap = bootstrap, Test = test };
    }

    /// <summary>
    /// Problems with levels cycling through <paramref name="levels"/>, skipping prompts in <paramref name="excluded"/>;
    /// with <paramref name="unique"/> each accepted prompt is excluded from then on.
    /// </summary>
    private static List<ArithmeticProblem> Draw(int count, IReadOnlyList<int> levels, Generator generator, HashSet<string> excluded, bool unique)
    {
        var problems = new List<ArithmeticProblem>(count);
        var own = unique ? excluded : new HashSet<string>(excluded);
        int attempts = 0;
        while (problems.Count < count)
        {
            if (++attempts > 200 * count + 10_000)
                throw new InvalidOperationException($"could not draw {count} distinct problems of levels {string.Join(", ", levels)}: too few exist");
            var p = ArithmeticProblem.Sample(levels[problems.Count % levels.Count], generator);
            string key = p.ToString();
            if (unique ? !own.Add(key) : own.Contains(key)) continue;
            problems.Add(p);
        }
        return problems;
    }
}
