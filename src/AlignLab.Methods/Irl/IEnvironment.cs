using AlignLab.Core;

namespace AlignLab.Methods.Irl;

/// <summary>
/// What a sample-based learner needs from an environment with finitely many states: a start state, a sampled
/// transition and a feature vector per state. <see cref="FiniteMdp"/> implements it and also exposes its exact
/// arrays, which the tabular ground-truth tools use.
/// </summary>
public interface IEnvironment
{
    int StateCount { get; }
    int ActionCount { get; }
    double Gamma { get; }
    /// <summary>Length of every state's feature vector (<see cref="Features"/>).</summary>
    int FeatureCount { get; }
    int SampleStart(Generator random);
    int SampleNext(int state, int action, Generator random);
    /// <summary>The feature vector of a state (row <paramref name="state"/> of a StateCount × FeatureCount matrix).</summary>
    ReadOnlySpan<double> Features(int state);
}
