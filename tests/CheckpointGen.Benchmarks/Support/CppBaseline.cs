using System.Diagnostics;
using CheckpointGen.Tests;

namespace CheckpointGen.Benchmarks.Support;

/// <summary>The C++ programs of eng/tools that benchmarks run as baselines, built by eng/install-prereqs.sh.</summary>
internal static class CppBaseline
{
    /// <summary>The built program, or an error that says how to build it.</summary>
    public static string Path(string name)
    {
        var path = System.IO.Path.Combine(FixturePaths.RepoRoot, "artifacts", "tools", name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: run `. eng/install-prereqs.sh` to build the C++ baselines.", path);
    }

    /// <summary>Runs the program to completion; a failure stops the benchmark rather than timing an error.</summary>
    public static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {error}{output}");
        }
    }
}
