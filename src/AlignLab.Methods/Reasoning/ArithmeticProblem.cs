using AlignLab.Core;
using static AlignLab.Methods.Reasoning.ReasoningVocabulary;

namespace AlignLab.Methods.Reasoning;

/// <summary>
/// A k-step word problem, "has 3 . buys 4 . gives 2 . doubles . ?", whose gold rationale restates each sentence
/// with the running value after it, "buys 4 = 7 ; gives 2 = 5 ; doubles = 10 ;", and whose answer is
/// "ans 10 &lt;end&gt;". Every intermediate value stays in 0…<see cref="ReasoningVocabulary.MaxValue"/>.
/// </summary>
public sealed record ArithmeticProblem(int Start, IReadOnlyList<ArithmeticStep> Steps)
{
    /// <summary>The difficulty level: the number of steps.</summary>
    public int Level => Steps.Count;

    public int Answer
    {
        get
        {
            int v = Start;
            foreach (var s in Steps) v = s.Apply(v);
            return v;
        }
    }

    public int[] Prompt()
    {
        var ids = new List<int> { Has, Number(Start), Period };
        foreach (var s in Steps)
        {
            AppendSentence(ids, s);
            ids.Add(Period);
        }
        ids.Add(Question);
        return [.. ids];
    }

    /// <summary>
    /// The gold rationale z: each sentence restated with the value after it, "verb [operand] = value ;". The next step
    /// is whatever follows the restated sentence in the prompt, so finding it is a lookup by content, not by position.
    /// </summary>
    public int[] GoldRationale()
    {
        var ids = new List<int>();
        int v = Start;
        foreach (var s in Steps)
        {
            v = s.Apply(v);
            AppendSentence(ids, s);
            ids.AddRange([EqualsSign, Number(v), Semicolon]);
        }
        return [.. ids];
    }

    private static void AppendSentence(List<int> ids, ArithmeticStep s)
    {
        ids.Add(Word(s.Verb));
        if (s.Op is ArithmeticOp.Add or ArithmeticOp.Subtract) ids.Add(Number(s.Operand));
    }

    /// <summary>The answer y with its end token, "ans c &lt;end&gt;"; it follows the rationale.</summary>
    public int[] AnswerTail() => [ReasoningVocabulary.Answer, Number(Answer), End];

    /// <summary>Rationale then answer: the gold completion.</summary>
    public int[] GoldCompletion() => [.. GoldRationale(), .. AnswerTail()];

    /// <summary>The answer alone, with no rationale: what answer-only fine-tuning trains on.</summary>
    public int[] AnswerOnlyCompletion() => AnswerTail();

    public override string ToString() => Render(Prompt());

    /// <summary>
    /// A random problem of <paramref name="level"/> steps: a start in 0…MaxValue, then each step drawn uniformly from
    /// the operations (and verbs, and operands 1…9) that keep the running value in range.
    /// </summary>
    public static ArithmeticProblem Sample(int level, Generator generator)
    {
        if (level < 1) throw new ArgumentOutOfRangeException(nameof(level), level, "a problem has at least one step");
        int value = generator.NextInt(0, MaxValue + 1);
        int start = value;
        var steps = new List<ArithmeticStep>(level);
        var options = new List<ArithmeticStep>();
        for (int i = 0; i < level; i++)
        {
            options.Clear();
            foreach (var candidate in Candidates)
                if (candidate.Valid(value)) options.Add(candidate);
            var step = options[generator.NextInt(0, options.Count)];
            steps.Add(step);
            value = step.Apply(value);
        }
        return new ArithmeticProblem(start, steps);
    }

    private static readonly ArithmeticStep[] Candidates = BuildCandidates();

    private static ArithmeticStep[] BuildCandidates()
    {
        // One candidate per verb and operand; doubling and halving repeat as often, so that the four operations are
        // equally likely wherever all of them keep the value in range.
        var list = new List<ArithmeticStep>();
        for (int b = 1; b <= 9; b++)
        {
            list.Add(new ArithmeticStep(ArithmeticOp.Add, b, "buys"));
            list.Add(new ArithmeticStep(ArithmeticOp.Add, b, "finds"));
            list.Add(new ArithmeticStep(ArithmeticOp.Subtract, b, "gives"));
            list.Add(new ArithmeticStep(ArithmeticOp.Subtract, b, "loses"));
        }
        for (int r = 0; r < 18; r++)
        {
            list.Add(new ArithmeticStep(ArithmeticOp.Double, 2, "doubles"));
            list.Add(new ArithmeticStep(ArithmeticOp.Halve, 2, "halves"));
        }
        return [.. list];
    }
}
