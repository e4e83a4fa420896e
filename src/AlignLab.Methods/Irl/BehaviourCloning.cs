namespace AlignLab.Methods.Irl;

/// <summary>
/// Tabular behaviour cloning, the transfer baseline: π(a|s) ∝ discounted action counts of the
/// demonstrations on visited states, uniform on states the demonstrations never visit.
/// </summary>
public static class BehaviourCloning
{
    public static double[] LogPolicy(Demonstrations demos)
    {
        int actions = demos.Mdp.ActionCount;
        var state = demos.StateWeights();
        var log = new double[demos.Weights.Length];
        for (int i = 0; i < log.Length; i++)
        {
            double total = state[i / actions];
            log[i] = total > 0 ? Math.Log(demos.Weights[i] / total) : -Math.Log(actions);
        }
        return log;
    }
}
