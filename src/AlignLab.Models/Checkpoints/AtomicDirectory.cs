namespace AlignLab.Models.Checkpoints;

/// <summary>
/// Fills a folder under a hidden temporary name next to the target and renames it into place, so the target is never
/// half-written. A failure while filling deletes the temporary folder and leaves the target untouched. Replacing an
/// existing folder takes two renames (old one aside, new one in); a crash between them leaves the old folder under its
/// hidden <c>.name.*.old</c> name rather than a mix of both.
/// </summary>
public static class AtomicDirectory
{
    public static void Write(string target, Action<string> fill)
    {
        var full = Path.GetFullPath(target).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        string name = Path.GetFileName(full), tag = $"{Environment.ProcessId}.{Guid.NewGuid():N}";
        var tmp = Path.Combine(parent, $".{name}.{tag}.tmp");
        var old = Path.Combine(parent, $".{name}.{tag}.old");
        try
        {
            Directory.CreateDirectory(tmp);
            fill(tmp);
            // Directory.Move cannot replace a folder: move the old one aside first, then drop it.
            if (Directory.Exists(full)) Directory.Move(full, old);
            Directory.Move(tmp, full);
        }
        finally
        {
            if (Directory.Exists(tmp)) Directory.Delete(tmp, recursive: true);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
    }
}
