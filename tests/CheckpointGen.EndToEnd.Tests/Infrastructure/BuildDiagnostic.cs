using System.Text.RegularExpressions;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An error or warning as MSBuild prints it (<c>origin(line,col): error CODE: message [project]</c>),
/// which is how IDEs and CI systems pick them up: a diagnostic that is not in this form is not
/// an MSBuild error, however it reads.
/// </summary>
internal sealed partial record BuildDiagnostic(string Origin, string Severity, string Code, string Message)
{
    /// <summary>The line in <see cref="Origin"/>, when the diagnostic gives one.</summary>
    public int? Line { get; init; }

    public static IReadOnlyList<BuildDiagnostic> Parse(ProcessResult build) =>
        build.AllOutput.Split('\n')
            .Select(line => Canonical().Match(line.Trim()))
            .Where(m => m.Success)
            .Select(m => new BuildDiagnostic(m.Groups["origin"].Value.Trim(), m.Groups["severity"].Value, m.Groups["code"].Value, m.Groups["message"].Value)
            {
                Line = m.Groups["line"].Success ? int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
            })
            // MSBuild repeats every diagnostic in its summary.
            .Distinct()
            .ToList();

    /// <summary>The one error with this code; fails with the build's output if there is none or several.</summary>
    public static BuildDiagnostic SingleError(ProcessResult build, string code)
    {
        Assert.False(build.Succeeded, $"The build should have failed with {code}.\n{build}");
        var errors = Parse(build).Where(d => d.Severity == "error" && d.Code == code).ToList();
        Assert.True(errors.Count == 1, $"Expected one MSBuild error {code}, found {errors.Count}.\n{build}");
        return errors[0];
    }

    [GeneratedRegex(@"^(?<origin>.*?)(?:\((?<line>\d+)(?:,\d+)*\))?\s*:\s*(?<severity>error|warning)\s+(?<code>[A-Z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[[^\]]+\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Canonical();
}
