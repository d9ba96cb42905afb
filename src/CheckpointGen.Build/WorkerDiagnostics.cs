using CheckpointGen.Contracts;
using CheckpointGen.Planning;

namespace CheckpointGen.Build;

/// <summary>
/// The worker's diagnostics as lines the task turns into MSBuild diagnostics: errors and warnings
/// in MSBuild's canonical form on the project file, naming the item; infos as plain lines, which
/// the task logs as messages.
/// </summary>
internal static class WorkerDiagnostics
{
    public static string Format(BuildRequest request, PlanDiagnostic d) =>
        Format(request.ProjectFile, d.Severity, d.Code, $"<Checkpoint Include=\"{request.ItemSpec}\">: {d.Message}");

    public static string Format(string origin, PlanSeverity severity, string code, string message)
    {
        message = message.Replace('\n', ' ').Replace('\r', ' ');
        return severity switch
        {
            PlanSeverity.Error => $"{origin} : error {code}: {message}",
            PlanSeverity.Warning => $"{origin} : warning {code}: {message}",
            _ => $"{code}: {message}",
        };
    }
}
