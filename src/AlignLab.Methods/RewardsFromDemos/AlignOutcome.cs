using AlignLab.Models.Generation;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>A trained policy, and for the IRL method its last reward model and the reward model's held-out pair accuracy after each round.</summary>
public sealed record AlignOutcome(AlignMethod Method, ICausalLM Policy, RewardModel? Reward, IReadOnlyList<double> RoundAccuracy);
