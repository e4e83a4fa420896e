namespace AlignLab.Cli.Tests;

/// <summary>A fresh folder for one test's files, deleted with the test class instance.</summary>
public abstract class TempDirectoryTest : IDisposable
{
    protected string Dir { get; } = Directory.CreateTempSubdirectory("alignlab-cli").FullName;

    public void Dispose()
    {
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
