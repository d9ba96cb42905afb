using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Generators;
using CheckpointGen.Tool.Commands;

namespace CheckpointGen.Tool.Generation;

/// <summary>What <c>generate</c> wrote.</summary>
/// <param name="ClassName">The generated class, with its namespace.</param>
/// <param name="SourcePath">The C# file.</param>
/// <param name="WeightsPath">Embedded mode: the packed weights to embed; otherwise null.</param>
/// <param name="ResourceName">Embedded mode: the resource's LogicalName the class loads; otherwise null.</param>
/// <param name="TensorCount">How many tensors the class exposes.</param>
internal sealed record GeneratedCode(string ClassName, string SourcePath, string? WeightsPath, string? ResourceName, int TensorCount);

/// <summary>
/// The build's code generation outside MSBuild: the build's planner plans the item (and, in
/// Embedded mode, packs the weights), and the generator prints the plan, through the plan's text
/// form as in a build, so the file is the one a build generates.
/// </summary>
internal static class CodeGenerator
{
    /// <summary>Plans <paramref name="request"/> as the build does, writes its files, and returns what it wrote.</summary>
    /// <param name="request">The item, its metadata from the command's options.</param>
    /// <param name="console">Receives the planner's infos and warnings.</param>
    /// <exception cref="CommandFailedException">The planner reported an error (see <see cref="ItemPlanning"/>), or kept nothing; bad options are usage errors.</exception>
    public static GeneratedCode Generate(BuildRequest request, CliConsole console)
    {
        var index = new OutputIndex();
        var plan = ItemPlanning.Run(request, index, console).Plan;
        if (plan.Tensors.Count == 0)
        {
            throw new CommandFailedException(ExitCodes.Failed, "the options keep no variable, so there is nothing to generate");
        }
        var sourcePath = Path.Combine(request.OutputDirectory, plan.ClassName + ".g.cs");
        AtomicFile.WriteText(sourcePath, GeneratedSource.FromPlan(PlanFormat.Write(plan), plan.ClassName + PlanFormat.Extension));
        return plan.IsEmbedded
            ? new GeneratedCode(plan.FullClassName, sourcePath, index.Resources[0].Path, plan.ResourceName, plan.Tensors.Count)
            : new GeneratedCode(plan.FullClassName, sourcePath, null, null, plan.Tensors.Count);
    }
}
