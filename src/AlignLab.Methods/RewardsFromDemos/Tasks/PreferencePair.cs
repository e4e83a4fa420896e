namespace AlignLab.Methods.RewardsFromDemos.Tasks;

/// <summary>Two completions (ids ending in end-of-sequence) of one prompt, the chosen one strictly better under r*.</summary>
public sealed record PreferencePair(TaskProblem Problem, int[] Chosen, int[] Rejected, double ChosenReward, double RejectedReward);
