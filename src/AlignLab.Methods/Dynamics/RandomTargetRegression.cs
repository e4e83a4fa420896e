using AlignLab.Core;

namespace AlignLab.Methods.Dynamics;

/// <summary>Random-target regression (the Theorem-1 setting): X entries N(0, 1/D), targets i.i.d. N(0, 1).</summary>
public static class RandomTargetRegression
{
    public static RegressionData Generate(int sequences, int tokens, int embeddingDim, int outputDim, Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var x = RegressionData.GaussianInputs(sequences, tokens, embeddingDim, random);
        var y = new double[sequences * tokens * outputDim];
        random.FillNormal(y, 1.0);
        return new RegressionData(sequences, tokens, embeddingDim, outputDim, x, y);
    }
}
