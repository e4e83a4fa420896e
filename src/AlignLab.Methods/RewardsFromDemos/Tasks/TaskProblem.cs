using AlignLab.Core;

namespace AlignLab.Methods.RewardsFromDemos.Tasks;

/// <summary>One prompt and its oracle answer, as task text (see <see cref="TaskVocabulary"/>).</summary>
public sealed record TaskProblem(string Prompt, string Answer)
{
    public int[] PromptIds => TaskVocabulary.Encode(Prompt);
    /// <summary>The answer's ids followed by end-of-sequence: the completion a demonstrator writes.</summary>
    public int[] AnswerIds => [.. TaskVocabulary.Encode(Answer), TaskVocabulary.Eos];

    /// <summary>A uniformly drawn problem of <paramref name="task"/>.</summary>
    public static TaskProblem Draw(AlignTask task, Generator random)
    {
        if (task == AlignTask.Arithmetic)
        {
            int a = random.NextInt(0, 100), b = random.NextInt(0, 100);
            return new TaskProblem($"{a}+{b}=", (a + b).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        int length = random.NextInt(3, 7);
        var letters = new char[length];
        for (int i = 0; i < length; i++) letters[i] = TaskVocabulary.Letters[random.NextInt(0, TaskVocabulary.Letters.Length)];
        string input = new(letters);
        var output = (char[])letters.Clone();
        if (task == AlignTask.Reverse) Array.Reverse(output);
        else Array.Sort(output);
        return new TaskProblem($"{(task == AlignTask.Reverse ? 'R' : 'S')}{input}>", new string(output));
    }

    /// <summary>
    /// A wrong answer near the right one: 1 to <paramref name="maxEdits"/> edits, each a substitution, a swap of two
    /// neighbours, a dropped or a repeated character, with symbols of the task's own alphabet. Never the right answer.
    /// </summary>
    public static string Corrupt(AlignTask task, string answer, Generator random, int maxEdits = 2)
    {
        string alphabet = task == AlignTask.Arithmetic ? "0123456789" : TaskVocabulary.Letters;
        for (int attempt = 0; ; attempt++)
        {
            var chars = new List<char>(answer);
            int edits = random.NextInt(1, maxEdits + 1);
            for (int e = 0; e < edits; e++)
            {
                int kind = random.NextInt(0, 4);
                int at = random.NextInt(0, chars.Count);
                switch (kind)
                {
                    case 0: chars[at] = alphabet[random.NextInt(0, alphabet.Length)]; break;
                    case 1 when chars.Count > 1: { int j = at == chars.Count - 1 ? at - 1 : at + 1; (chars[at], chars[j]) = (chars[j], chars[at]); break; }
                    case 2 when chars.Count > 1: chars.RemoveAt(at); break;
                    default: if (chars.Count < 7) chars.Insert(at, chars[at]); else chars[at] = alphabet[random.NextInt(0, alphabet.Length)]; break;
                }
            }
            string wrong = new(chars.ToArray());
            if (wrong != answer) return wrong;
            if (attempt > 100) throw new InvalidOperationException($"could not corrupt '{answer}'");
        }
    }
}
