using AlignLab.Core;
using AlignLab.Methods.RewardsFromDemos.Tasks;
using AlignLab.Models.Generation;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>Preference pairs labelled by the exact judge.</summary>
public static class PreferencePairs
{
    /// <summary>
    /// One pair per held-out prompt where possible: two different candidates with different r*, drawn from a pool of
    /// the oracle answer, a one-edit and a two-edit corruption of it, a base-model sample and an SFT-model sample
    /// (temperature 1). Prompts whose pool has a single reward level give no pair.
    /// </summary>
    public static List<PreferencePair> HeldOut(TaskDataset data, ICausalLM baseModel, ICausalLM sft, Generator random, CancellationToken cancel = default)
    {
        var prompts = data.HeldOut.Select(p => p.PromptIds).ToArray();
        var fromBase = PolicyTraining.Generate(baseModel, prompts, 1f, random.Fork(1), cancel: cancel);
        var fromSft = PolicyTraining.Generate(sft, prompts, 1f, random.Fork(2), cancel: cancel);
        var pick = random.Fork(3);
        var pairs = new List<PreferencePair>();
        for (int i = 0; i < prompts.Length; i++)
        {
            var problem = data.HeldOut[i];
            int[][] pool =
            [
                problem.AnswerIds,
                [.. TaskVocabulary.Encode(TaskProblem.Corrupt(data.Task, problem.Answer, pick, maxEdits: 1)), TaskVocabulary.Eos],
                [.. TaskVocabulary.Encode(TaskProblem.Corrupt(data.Task, problem.Answer, pick, maxEdits: 2)), TaskVocabulary.Eos],
                fromBase[i],
                fromSft[i],
            ];
            var rewards = pool.Select(c => TaskJudge.Reward(problem.Answer, c)).ToArray();
            int a = pick.NextInt(0, pool.Length), b = pick.NextInt(0, pool.Length - 1);
            if (b >= a) b++;
            for (int attempt = 0; attempt < 20 && rewards[a] == rewards[b]; attempt++)
            {
                a = pick.NextInt(0, pool.Length);
                b = pick.NextInt(0, pool.Length - 1);
                if (b >= a) b++;
            }
            if (rewards[a] == rewards[b]) continue;
            if (rewards[a] < rewards[b]) (a, b) = (b, a);
            pairs.Add(new PreferencePair(problem, pool[a], pool[b], rewards[a], rewards[b]));
        }
        return pairs;
    }
}
