namespace AlignLab.Methods.Irl;

/// <summary>
/// Counts the work an IRL run spends on its policy, so "fewer updates" is measured rather than asserted: soft Bellman
/// backups over the whole table, critic (soft-Q network) gradient updates, environment steps sampled, and exact
/// occupancy solves (the tabular stand-in for the agent's rollouts; every algorithm needs one per reward step).
/// Diagnostics (exact likelihood, tracking error) run on their own solves and are never charged.
/// </summary>
public sealed class CostMeter
{
    public long BellmanBackups { get; set; }
    public long CriticUpdates { get; set; }
    public long EnvironmentSteps { get; set; }
    public long OccupancySolves { get; set; }
}
