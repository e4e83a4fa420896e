namespace AlignLab.Models.Tests.Training;

/// <summary>
/// The training tests run alone, after the parallel tests: they compare whole runs bit for bit, and one of them sets
/// ALIGNLAB_HOME, which is process-wide.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "training (not parallel)";
}
