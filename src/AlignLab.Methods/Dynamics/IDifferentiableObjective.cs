namespace AlignLab.Methods.Dynamics;

/// <summary>A loss over a flat parameter vector, with its exact gradient (zero on frozen parameters).</summary>
public interface IDifferentiableObjective
{
    int Dimension { get; }
    double Loss(double[] parameters);
    /// <summary>Writes ∇f into <paramref name="gradient"/> (overwriting it) and returns f.</summary>
    double LossAndGradient(double[] parameters, double[] gradient);
}
