using System.Runtime.InteropServices;

namespace CheckpointGen.Tasks;

/// <summary>
/// Finds the <c>dotnet</c> host that runs the build worker. The dotnet CLI sets
/// <c>DOTNET_HOST_PATH</c> for the builds it starts, but Visual Studio's .NET Framework MSBuild
/// does not, and its PATH need not name a dotnet folder (a per-user or side-by-side install),
/// so the task walks the places an SDK build knows about, most specific first, as the SDK's own
/// Razor and static web assets targets fall back to <c>$(NetCoreRoot)</c>.
/// </summary>
internal static class DotnetHost
{
    private static readonly string FileName = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";

    /// <summary>
    /// The first host that exists among: <paramref name="hostPath"/> (<c>$(DOTNET_HOST_PATH)</c>),
    /// the SDK's own root (<paramref name="netCoreRoot"/>, <c>$(NetCoreRoot)</c>),
    /// <c>DOTNET_ROOT</c>, the folders on <c>PATH</c>, and the default install folders; null if none.
    /// </summary>
    public static string? Find(string? hostPath, string? netCoreRoot) => Candidates(hostPath, netCoreRoot).FirstOrDefault(IsFile);

    /// <summary>Where <see cref="Find"/> looks, in order: what a "not found" error lists.</summary>
    public static IEnumerable<string> Candidates(string? hostPath, string? netCoreRoot)
    {
        if (!string.IsNullOrEmpty(hostPath))
        {
            yield return hostPath!;
        }
        foreach (var folder in Folders(netCoreRoot))
        {
            yield return Path.Combine(folder, FileName);
        }
    }

    private static IEnumerable<string> Folders(string? netCoreRoot)
    {
        if (!string.IsNullOrEmpty(netCoreRoot))
        {
            yield return netCoreRoot!;
        }
        var architectureRoot = "DOTNET_ROOT_" + RuntimeInformation.OSArchitecture.ToString().ToUpperInvariant();
        foreach (var variable in new[] { architectureRoot, "DOTNET_ROOT" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } root)
            {
                yield return root;
            }
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return folder.Trim('"');
        }
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            if (Environment.GetEnvironmentVariable("ProgramFiles") is { Length: > 0 } programFiles)
            {
                yield return Path.Combine(programFiles, "dotnet");
            }
        }
        else
        {
            yield return "/usr/local/share/dotnet";
            yield return "/usr/share/dotnet";
            yield return "/usr/lib/dotnet";
            yield return "/opt/dotnet";
        }
        if (Environment.GetEnvironmentVariable(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "USERPROFILE" : "HOME") is { Length: > 0 } home)
        {
            yield return Path.Combine(home, ".dotnet");
        }
    }

    private static bool IsFile(string path)
    {
        try
        {
            return File.Exists(path);
        }
        catch (ArgumentException)
        {
            // A malformed PATH entry is not a host.
            return false;
        }
    }
}
