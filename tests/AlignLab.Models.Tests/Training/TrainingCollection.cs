namespace AlignLab.Models.Tests.Training;

/// <summary>
/// The training tests compare whole runs bit for bit and one of them points <c>ALIGNLAB_HOME</c> (process-wide) at a
/// temporary folder, so they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "training (not parallel)";
}
