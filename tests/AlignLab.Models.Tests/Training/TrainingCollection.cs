namespace AlignLab.Models.Tests.Training;

/// <summary>
/// The training tests compare whole runs bit for bit, so they run alone, after the parallel tests. Engine issue found
/// while writing them (to fix in Core): after other tests have run in the process, a forward/backward whose tensors
/// reach the storage pool's size (≥ 21,251 floats) can return a different, wrong gradient for the same inputs
/// (ThreadInvarianceTests fails this way on main too). The bit-exact tests here keep their tensors below that size.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingCollection
{
    public const string Name = "training (not parallel)";
}
