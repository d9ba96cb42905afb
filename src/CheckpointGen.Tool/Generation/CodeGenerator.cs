extern alias generator;
extern alias worker;

using CheckpointGen.Runtime;
using CheckpointGen.Tool.Commands;
using generator::CheckpointGen.Generators.Emit;
using worker::CheckpointGen.Build;
using worker::CheckpointGen.Contracts;
using AtomicFile = worker::CheckpointGen.AtomicFile;
using GeneratorManifest = generator::CheckpointGen.Manifest.ManifestFormat;
using WorkerManifest = worker::CheckpointGen.Manifest.ManifestFormat;

namespace CheckpointGen.Tool.Generation;

/// <summary>
/// The build's code generation outside MSBuild: the build worker's <see cref="ManifestBuilder"/>
/// makes the manifest (and, in Embedded mode, the packed weights), which goes through the
/// manifest text format as in a build, and the generator's <see cref="ClassLayout"/> and
/// <see cref="CheckpointEmitter"/> write the class, so the file is the one a build generates.
/// </summary>
internal static class CodeGenerator
{
    /// <summary>Validates <paramref name="request"/> as the build does, writes its files, and returns what it wrote.</summary>
    /// <exception cref="CommandFailedException">The request's class, namespace, access, mode or keep is invalid.</exception>
    public static GeneratedCode Generate(WorkerItem request, Checkpoint checkpoint, IReadOnlyList<CheckpointVariable> kept)
    {
        request = BuildWorker.Normalize(request);
        if (BuildWorker.Problem(request) is { } problem)
        {
            throw new CommandFailedException(ExitCodes.Usage, problem);
        }
        var unsupported = kept.FirstOrDefault(v => v.DataType != TensorDataType.String && !TensorDataTypes.IsFixedSize(v.DataType));
        if (unsupported is not null)
        {
            throw new CommandFailedException(ExitCodes.Failed,
                $"'{unsupported.Name}' is {TensorDataTypes.Name(unsupported.DataType)}, which has no stored value to generate an accessor for; leave it out with --exclude");
        }
        Directory.CreateDirectory(request.OutputDirectory);
        var built = ManifestBuilder.Build(request, checkpoint, kept, new OutputIndex());
        var manifest = GeneratorManifest.Read(WorkerManifest.Write(built), out var error)
            ?? throw new InvalidOperationException("The worker's manifest does not read back: " + error);
        var layout = ClassLayout.Build(manifest);
        var version = typeof(CheckpointEmitter).Assembly.GetName().Version?.ToString() ?? "1.0.0.0";
        var sourcePath = Path.Combine(request.OutputDirectory, manifest.ClassName + ".g.cs");
        AtomicFile.WriteText(sourcePath, CheckpointEmitter.Emit(manifest, layout, hasHalf: true, version));
        var collisions = layout.Collisions
            .Select(c => $"In {c.Where}, '{c.First}' and '{c.Second}' both map to the identifier '{c.Identifier}'; '{c.Second}' is generated as '{c.Resolved}'")
            .ToList();
        return manifest.IsEmbedded
            ? new GeneratedCode(manifest.FullClassName, sourcePath, Path.Combine(request.OutputDirectory, manifest.ClassName + ".weights"), manifest.ResourceName, manifest.Tensors.Count, collisions)
            : new GeneratedCode(manifest.FullClassName, sourcePath, null, null, manifest.Tensors.Count, collisions);
    }
}
