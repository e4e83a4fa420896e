namespace AlignLab.Methods.Mimo;

/// <summary>
/// REDEEM's settings; defaults are the official code's: ρ = 1, at most 100 ADMM iterations, stop when
/// ‖U_t − U_{t−1}‖_F &lt; 1e-3 (scaled units), 60 Nesterov EM iterations per u-update with the 1e-3 probability floor.
/// </summary>
public sealed record RedeemSettings(double Rho = 1, int MaxIterations = 100, double Tolerance = 1e-3, int EmIterations = 60,
                                    double MinIntervalProbability = 1e-3, bool Nesterov = true, RelaxSettings? Relax = null,
                                    bool RecordTrace = false)
{
    public RelaxSettings RelaxOrDefault => Relax ?? new RelaxSettings();

    public void Validate()
    {
        if (!(Rho > 0)) throw new ArgumentException($"rho must be positive, got {Rho}.", nameof(Rho));
        if (MaxIterations < 1) throw new ArgumentException($"max ADMM iterations must be >= 1, got {MaxIterations}.", nameof(MaxIterations));
        if (!(Tolerance >= 0)) throw new ArgumentException($"tolerance must be >= 0, got {Tolerance}.", nameof(Tolerance));
        if (EmIterations < 1) throw new ArgumentException($"EM iterations must be >= 1, got {EmIterations}.", nameof(EmIterations));
        RelaxOrDefault.Validate();
    }
}

/// <summary>Per-iteration record of an ADMM run (scaled units): primal residual ‖u − r‖, step ‖u_t − u_{t−1}‖, structured iterate r.</summary>
public sealed class RedeemTrace
{
    public List<double> PrimalResidual { get; } = new();
    public List<double> Step { get; } = new();
    /// <summary>The structured iterate r_t in original units (h layout), for NMSE-vs-iteration curves.</summary>
    public List<double[]> Structured { get; } = new();
}
