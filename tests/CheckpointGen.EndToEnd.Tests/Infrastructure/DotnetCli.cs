namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs the dotnet CLI as a user's terminal would, minus everything that could outlive the test
/// or make its output machine-dependent: no build servers or reused MSBuild nodes, no telemetry,
/// no terminal logger, English messages.
/// </summary>
internal static class DotnetCli
{
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan AppTimeout = TimeSpan.FromMinutes(2);

    private static readonly IReadOnlyDictionary<string, string?> Environment = CreateEnvironment();

    public static ProcessResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.Run("dotnet", arguments, workingDirectory, timeout, Environment);

    /// <summary>Runs any executable with the same environment, changed by <paramref name="changes"/> (null removes a variable).</summary>
    public static ProcessResult RunWith(IReadOnlyDictionary<string, string?> changes, string fileName, string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run(fileName, arguments, workingDirectory, BuildTimeout, Environment.Concat(changes).GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>Runs any executable (a NativeAOT binary) with the same environment.</summary>
    public static ProcessResult RunExecutable(string path, string workingDirectory, params string[] arguments) =>
        ProcessRunner.Run(path, arguments, workingDirectory, AppTimeout, Environment);

    private static Dictionary<string, string?> CreateEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["DOTNET_CLI_UI_LANGUAGE"] = "en",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["MSBUILDTERMINALLOGGER"] = "off",
            ["UseSharedCompilation"] = "false",
        };
        // Under `dotnet test` the test host inherits the outer build's MSBuild variables; the
        // consumer builds must find their SDK and MSBuild on their own, as in a fresh terminal.
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && !environment.ContainsKey(name))
            {
                environment[name] = null;
            }
        }
        return environment;
    }
}
