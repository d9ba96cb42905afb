using System.Diagnostics;
using System.Text;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Starts real processes with captured output and a time limit. A process that outruns its limit
/// is killed with its whole tree (a build's compiler and worker processes included) so nothing
/// lingers on the machine, and the test fails saying which command hung.
/// </summary>
internal static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        var commandLine = string.Join(' ', new[] { fileName }.Concat(start.ArgumentList.Select(Quote)));
        var output = new StringBuilder();
        var error = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"`{commandLine}` did not finish within {timeout.TotalMinutes:F0} min and was killed.\n{new ProcessResult(commandLine, workingDirectory, -1, Read(output), Read(error), stopwatch.Elapsed)}");
        }
        // The parameterless wait drains the asynchronous readers.
        process.WaitForExit();
        return new ProcessResult(commandLine, workingDirectory, process.ExitCode, Read(output), Read(error), stopwatch.Elapsed);
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (sb)
        {
            sb.Append(line).Append('\n');
        }
    }

    private static string Read(StringBuilder sb)
    {
        lock (sb)
        {
            return sb.ToString();
        }
    }

    private static string Quote(string argument) => argument.Contains(' ', StringComparison.Ordinal) ? "\"" + argument + "\"" : argument;
}
