using System.Reflection;
using System.Runtime.InteropServices;

namespace AlignLab.Distributed;

/// <summary>
/// Points MPI.NET at MPICH. MPI.NET's P/Invokes name Microsoft MPI's <c>msmpi.dll</c>; its handle constants follow the
/// MPICH ABI (which MS-MPI shares), so on Linux and macOS the same calls work against MPICH's library. Open MPI has a
/// different ABI (pointer handles) and crashes, so it is refused by name.
/// </summary>
public static class MpiLibrary
{
    /// <summary>Set to a library path to use instead of the search below (e.g. a cluster's own MPICH build).</summary>
    public const string PathVariable = "ALIGNLAB_MPI_LIBRARY";

    public const string InstallHint = "install MPICH (Debian/Ubuntu: apt-get install mpich; macOS: brew install mpich) " +
                                      "and launch with its mpirun (Debian: mpirun.mpich)";

    private static readonly string[] Candidates = ["libmpich.so.12", "libmpi.so.12", "libmpich.12.dylib", "libmpi.12.dylib"];
    private static int _registered;

    /// <summary>Installs the resolver once per process; MPI.NET's first call then loads MPICH.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        NativeLibrary.SetDllImportResolver(typeof(MPI.Communicator).Assembly, Resolve);
    }

    /// <summary>Whether an MPICH library can be loaded on this machine.</summary>
    public static bool IsAvailable() => TryLoad(out _);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!name.StartsWith("msmpi", StringComparison.OrdinalIgnoreCase) || OperatingSystem.IsWindows()) return IntPtr.Zero;
        return TryLoad(out var handle) ? handle : throw new DllNotFoundException($"no MPI library found: {InstallHint}");
    }

    private static bool TryLoad(out IntPtr handle)
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path) return NativeLibrary.TryLoad(path, out handle);
        foreach (var candidate in Candidates)
            if (NativeLibrary.TryLoad(candidate, out handle)) return true;
        handle = IntPtr.Zero;
        return false;
    }
}
