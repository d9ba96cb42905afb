using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.Benchmarks.Build.Consumers;

/// <summary>
/// The dotnet CLI as the end-to-end tests run it (no build servers or reused nodes: every build
/// starts its own MSBuild and csc and leaves no process behind), failing loudly, so that a broken
/// build can never pass for a fast one.
/// </summary>
internal static class Dotnet
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; returns its stdout, or throws with its output.</summary>
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var result = DotnetCli.Run(workingDirectory, DotnetCli.BuildTimeout, arguments);
        return result.Succeeded ? result.Output : throw new InvalidOperationException("A dotnet command of the build benchmarks failed.\n" + result);
    }
}
