using AlignLab.Methods.Irl;

namespace AlignLab.Methods.Tests.Irl;

/// <summary>A run request refuses a field out of range before any work, naming the field (the CLI maps it to its flag).</summary>
public class RunRequestTests
{
    private static IrlRunRequest Valid => new() { Mdp = TestMdps.Random(seed: 2), Reward = RewardKind.Tabular, Demos = 3, Horizon = 10, Iterations = 5 };

    public static TheoryData<string, Func<IrlRunRequest, IrlRunRequest>> OutOfRange() => new()
    {
        { nameof(IrlRunRequest.Demos), r => r with { Demos = -3 } },
        { nameof(IrlRunRequest.Horizon), r => r with { Horizon = 0 } },
        { nameof(IrlRunRequest.Iterations), r => r with { Iterations = 0 } },
        { nameof(IrlRunRequest.CheckEvery), r => r with { CheckEvery = 0 } },
        { nameof(IrlRunRequest.Tolerance), r => r with { Tolerance = -1e-8 } },
        { nameof(IrlRunRequest.Tolerance), r => r with { Tolerance = double.NaN } },
        { nameof(IrlRunRequest.StepSize), r => r with { StepSize = 0 } },
        { nameof(IrlRunRequest.Width), r => r with { Reward = RewardKind.Mlp, Width = 7 } },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void AFieldOutOfRangeIsNamed(string field, Func<IrlRunRequest, IrlRunRequest> change)
    {
        var e = Assert.Throws<ArgumentException>(() => change(Valid).Run());
        Assert.Equal(field, e.ParamName);
        Assert.StartsWith(field, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundaryValuesAreAccepted()
    {
        Valid.Validate();
        (Valid with { Demos = 0, Horizon = 0 }).Validate(); // exact occupancy has no horizon
        (Valid with { Tolerance = 0, StepSize = 0.5 }).Validate();
        (Valid with { Reward = RewardKind.Mlp, Width = 2 }).Validate();
        (Valid with { Width = 7 }).Validate(); // the width only matters for the MLP reward
    }
}
