using System.Globalization;

namespace AlignLab.Methods.RewardsFromDemos;

/// <summary>
/// One hyperparameter setting of a method: its learning rate and, where the method has one, its weight (β of the
/// implicit reward for SPIN, IRFT and DPO; the KL weight toward the previous iterate for IRL).
/// </summary>
public readonly record struct GridPoint(float LearningRate, float? Weight)
{
    public override string ToString() => Weight is { } w
        ? string.Create(CultureInfo.InvariantCulture, $"lr {LearningRate:0.###e0}, weight {w:0.###}")
        : string.Create(CultureInfo.InvariantCulture, $"lr {LearningRate:0.###e0}");
}

/// <summary>
/// The pre-declared tuning grids: the same number of points for every method, chosen before any run on the grid. A
/// method with a weight spreads its points over learning rate × weight, continued SFT (no weight) over learning rate
/// alone. The learning rates of the preference-style methods stop at 1e-4 because at 3e-4 they left the SFT model
/// (KL > 3 nats) within 50 steps in an earlier run at one shared rate.
/// </summary>
public static class MethodGrid
{
    public static readonly float[] SftRates = [1e-4f, 3e-4f, 1e-3f, 3e-3f];
    public static readonly float[] PreferenceRates = [3e-5f, 1e-4f];
    /// <summary>β of SPIN, IRFT and DPO.</summary>
    public static readonly float[] Betas = [0.1f, 1f];
    /// <summary>KL weight of the IRL policy step.</summary>
    public static readonly float[] KlWeights = [0.05f, 0.5f];

    /// <summary>The full grid of <paramref name="method"/>.</summary>
    public static GridPoint[] For(AlignMethod method) => method switch
    {
        AlignMethod.Sft => SftRates.Select(lr => new GridPoint(lr, null)).ToArray(),
        AlignMethod.Irl or AlignMethod.IrlStrongReward => Cross(PreferenceRates, KlWeights),
        _ => Cross(PreferenceRates, Betas),
    };

    /// <summary>The quick size's grid: two points of the full grid per method (enough to exercise the selection).</summary>
    public static GridPoint[] Quick(AlignMethod method)
    {
        var full = For(method);
        return [full[0], full[^1]];
    }

    /// <summary>The point the settings themselves describe (a grid of one: no tuning).</summary>
    public static GridPoint Of(AlignSettings settings, AlignMethod method) => method switch
    {
        AlignMethod.Sft => new GridPoint(settings.MethodLearningRate, null),
        AlignMethod.Irl or AlignMethod.IrlStrongReward => new GridPoint(settings.MethodLearningRate, settings.KlBeta),
        _ => new GridPoint(settings.MethodLearningRate, settings.Beta),
    };

    /// <summary><paramref name="settings"/> with <paramref name="method"/>'s hyperparameters set to <paramref name="point"/>.</summary>
    public static AlignSettings Apply(AlignSettings settings, AlignMethod method, GridPoint point)
    {
        if (point.Weight is null != (method == AlignMethod.Sft))
            throw new ArgumentException($"{AlignMethods.Name(method)}: grid point '{point}' {(method == AlignMethod.Sft ? "has a weight, but continued SFT has none" : "needs a weight")}");
        var s = settings with { MethodLearningRate = point.LearningRate };
        return method switch
        {
            AlignMethod.Sft => s,
            AlignMethod.Irl or AlignMethod.IrlStrongReward => s with { KlBeta = point.Weight!.Value },
            _ => s with { Beta = point.Weight!.Value },
        };
    }

    /// <summary>What the weight of <paramref name="method"/> is called, for tables.</summary>
    public static string WeightName(AlignMethod method) => method switch
    {
        AlignMethod.Sft => "—",
        AlignMethod.Irl or AlignMethod.IrlStrongReward => "KL weight",
        _ => "β",
    };

    private static GridPoint[] Cross(float[] rates, float[] weights)
    {
        var points = new List<GridPoint>();
        foreach (var lr in rates)
            foreach (var w in weights) points.Add(new GridPoint(lr, w));
        return points.ToArray();
    }
}
