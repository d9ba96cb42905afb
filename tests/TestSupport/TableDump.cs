using System.Diagnostics;

namespace CheckpointGen.Tests;

/// <summary>
/// The independent table reader of eng/tools (Google's LevelDB behind tabledump.cc): the
/// binary named by the TABLEDUMP environment variable, or one built from the source with g++
/// and libleveldb-dev. Without either, tests that need it fail, unless
/// CHECKPOINTGEN_ALLOW_NO_TABLEDUMP=1 says a machine is knowingly without LevelDB.
/// </summary>
internal static class TableDump
{
    private static readonly Lazy<(string? Path, string Problem)> Binary = new(Locate);

    /// <summary>Whether a test may pass without the tool; otherwise its absence is a failure.</summary>
    public static bool AbsenceAllowed => Environment.GetEnvironmentVariable("CHECKPOINTGEN_ALLOW_NO_TABLEDUMP") == "1";

    /// <summary>The tool's path, or null with why there is none.</summary>
    public static string? TryGetPath(out string problem)
    {
        (var path, problem) = Binary.Value;
        return path;
    }

    /// <summary>Every (key, value) LevelDB reads from the table, checksums verified; fails the test if LevelDB rejects it.</summary>
    public static List<(byte[] Key, byte[] Value)> Read(string tool, string tablePath)
    {
        var (exitCode, output, error) = Run(tool, tablePath);
        Assert.True(exitCode == 0, $"LevelDB rejected {tablePath}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(cols => (Convert.FromHexString(cols[0]), Convert.FromHexString(cols[1])))
            .ToList();
    }

    private static (string? Path, string Problem) Locate()
    {
        var configured = Environment.GetEnvironmentVariable("TABLEDUMP");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? (configured, string.Empty) : (null, $"TABLEDUMP is set to {configured}, which does not exist");
        }
        var source = Path.Combine(FixturePaths.RepoRoot, "eng", "tools", "tabledump.cc");
        // Built once per version of the source and reused by later runs.
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(source)))[..16];
        var folder = Path.Combine(Path.GetTempPath(), "checkpointgen-tabledump", hash);
        var binary = Path.Combine(folder, "tabledump");
        if (File.Exists(binary))
        {
            return (binary, string.Empty);
        }
        Directory.CreateDirectory(folder);
        var building = binary + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var (exitCode, _, error) = Run("g++", $"-O2 -o \"{building}\" \"{source}\" -lleveldb");
            if (exitCode != 0)
            {
                return (null, "building tabledump.cc with g++ -lleveldb failed (is libleveldb-dev installed?): " + error);
            }
            File.Move(building, binary, overwrite: true);
            return (binary, string.Empty);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, "g++ is not available to build tabledump.cc: " + e.Message);
        }
    }

    private static (int ExitCode, string Output, string Error) Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
