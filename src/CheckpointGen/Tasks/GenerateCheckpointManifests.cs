using CheckpointGen.Contracts;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CheckpointGen.Tasks;

/// <summary>
/// Runs the CheckpointGen build worker out of process with the SDK's own dotnet host, the way
/// Grpc.Tools runs protoc: the worker's dependencies (Google.Protobuf, the checkpoint reader)
/// never load into MSBuild, so they cannot clash with MSBuild's assemblies or stay locked in a
/// reused build node. The worker prints errors in MSBuild's canonical form, which this task logs
/// as errors and warnings with their codes and files.
/// </summary>
public sealed class GenerateCheckpointManifests : ToolTask
{
    /// <summary>The request files of the items to plan (the out-of-date ones); each item's output index goes beside its request.</summary>
    [Required]
    public ITaskItem[] Requests { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The request files of the project's other items, which the worker checks class names and sizes against.</summary>
    public ITaskItem[] OtherRequests { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>An IDE's design-time build: plan without packing weights or reading tensors.</summary>
    public bool DesignTime { get; set; }

    /// <summary>Embedded weights above this many bytes per item warn (<c>$(CheckpointGenEmbeddedWarningSize)</c>).</summary>
    public long EmbeddedWarningSize { get; set; } = WorkerCommandLine.DefaultEmbeddedWarningSize;

    /// <summary>The worker's entry assembly (CheckpointGen.Build.dll).</summary>
    [Required]
    public string WorkerPath { get; set; } = string.Empty;

    /// <summary>The dotnet host running this build (<c>$(DOTNET_HOST_PATH)</c>); empty under Visual Studio's MSBuild.</summary>
    public string? DotnetHostPath { get; set; }

    /// <summary>The SDK's dotnet folder (<c>$(NetCoreRoot)</c>): where the host is when <see cref="DotnetHostPath"/> is empty.</summary>
    public string? NetCoreRoot { get; set; }

    private string? _host;

    /// <inheritdoc/>
    protected override string ToolName => "dotnet";

    /// <inheritdoc/>
    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.Normal;

    /// <inheritdoc/>
    protected override string GenerateFullPathToTool() => _host ?? ToolName;

    /// <inheritdoc/>
    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        builder.AppendSwitch("exec");
        builder.AppendFileNameIfNotNull(WorkerPath);
        var command = new WorkerCommandLine(DesignTime, EmbeddedWarningSize, Requests.Select(r => r.ItemSpec).ToList(), OtherRequests.Select(r => r.ItemSpec).ToList());
        foreach (var argument in command.ToArguments())
        {
            // Files are full paths; only switches start with "--" (which AppendFileNameIfNotNull would turn into "./--…").
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                builder.AppendSwitch(argument);
            }
            else
            {
                builder.AppendFileNameIfNotNull(argument);
            }
        }
        return builder.ToString();
    }

    /// <inheritdoc/>
    protected override bool ValidateParameters()
    {
        if (!File.Exists(WorkerPath))
        {
            Log.LogError(null, Diagnostics.WorkerMissing, null, WorkerPath, 0, 0, 0, 0, "The CheckpointGen build worker is missing; the package is damaged. Restore it again.");
            return false;
        }
        _host = DotnetHost.Find(DotnetHostPath, NetCoreRoot);
        if (_host is null)
        {
            Log.LogError(null, Diagnostics.NoDotnetHost, null, WorkerPath, 0, 0, 0, 0,
                "CheckpointGen found no dotnet host to run its build worker; looked at: {0}. Install the .NET SDK or set DOTNET_HOST_PATH to the dotnet executable.",
                string.Join(", ", DotnetHost.Candidates(DotnetHostPath, NetCoreRoot)));
            return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Execute() => base.Execute() && !Log.HasLoggedErrors;
}
