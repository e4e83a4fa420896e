namespace AlignLab.Methods.Dynamics;

/// <summary>How full-batch gradient descent picks its step size.</summary>
public abstract record StepRule;

/// <summary>W ← W − η∇f with a fixed η (the setting of the linear-rate theorem, η ≤ 1/L).</summary>
public sealed record ConstantStep(double Eta) : StepRule
{
    public double Eta { get; } = Eta > 0 && double.IsFinite(Eta) ? Eta : throw new ArgumentOutOfRangeException(nameof(Eta), Eta, "step must be positive and finite");
}

/// <summary>
/// Armijo backtracking, the same rule for every kernel: each iteration first doubles the previous step, then
/// halves it until f(W − η∇f) ≤ f(W) − c·η‖∇f‖². Giving up after <see cref="MaxHalvings"/> halvings means the
/// gradient is below what double precision can still decrease: the run stops there.
/// </summary>
public sealed record ArmijoStep(double InitialEta = 1.0, double Sufficient = 0.5, int MaxHalvings = 80) : StepRule
{
    public double InitialEta { get; } = InitialEta > 0 && double.IsFinite(InitialEta) ? InitialEta : throw new ArgumentOutOfRangeException(nameof(InitialEta), InitialEta, "initial step must be positive and finite");
    public double Sufficient { get; } = Sufficient is > 0 and < 1 ? Sufficient : throw new ArgumentOutOfRangeException(nameof(Sufficient), Sufficient, "sufficient-decrease constant must be in (0, 1)");
    public int MaxHalvings { get; } = MaxHalvings > 0 ? MaxHalvings : throw new ArgumentOutOfRangeException(nameof(MaxHalvings), MaxHalvings, "must be positive");
}
