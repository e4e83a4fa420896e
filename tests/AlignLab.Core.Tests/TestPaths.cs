namespace AlignLab.Core.Tests;

/// <summary>Finds the repository's committed reference data from the test's output folder.</summary>
internal static class TestPaths
{
    public static string Reference(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "reference"))) dir = dir.Parent;
        if (dir == null) throw new DirectoryNotFoundException("tests/reference not found above " + AppContext.BaseDirectory);
        return Path.Combine(dir.FullName, "tests", "reference", relative);
    }
}
