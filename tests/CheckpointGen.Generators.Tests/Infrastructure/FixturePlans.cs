extern alias planning;

using CheckpointGen.Contracts.Plan;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using planning::CheckpointGen.Contracts;
using planning::CheckpointGen.Planning;
using planning::CheckpointGen.Planning.Items;
using planning::CheckpointGen.Planning.Layout;
using planning::CheckpointGen.Planning.Selection;
using Planned = planning::CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>
/// Plans of real checkpoints under fixtures/, made by the build's planner exactly as a build
/// makes them (CRCs checked, weights packed), with the fixtures folder as the project folder so
/// that paths in them are stable.
/// </summary>
internal static class FixturePlans
{
    public const string Namespace = "Models";

    /// <summary>Plans one &lt;Checkpoint Include="<paramref name="fixture"/>"&gt; item (<paramref name="outputs"/>: its Outputs metadata).</summary>
    public static BuiltPlan Build(string fixture, string className, string mode, string keep = "Model", string outputs = "")
    {
        var output = Path.Combine(Path.GetTempPath(), "checkpointgen-generator-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        try
        {
            var request = new BuildRequest(
                fixture, FixturePaths.Get(fixture), "/project/Project.csproj", FixturePaths.Root, output, Namespace,
                new ItemMetadata(ClassName: className, Mode: mode, Keep: keep, CopyToOutput: "false", Outputs: outputs));
            var index = new OutputIndex();
            var result = ItemPlanner.Run(request, index, new HashSet<string>());
            Assert.True(result.Succeeded, $"The planner failed on {fixture}:\n{string.Join("\n", result.Diagnostics)}");
            var weights = index.Resources.Select(r => File.ReadAllBytes(r.Path)).SingleOrDefault();
            return new BuiltPlan(Planned.PlanFormat.Write(result.Plan!), weights);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// A Lazy-mode plan from the checkpoint's index alone, kept variables chosen as Keep="Model"
    /// does, for fixtures whose data files could not be copied (the planner verifies data, so it
    /// cannot run on them). Code generation needs nothing more.
    /// </summary>
    public static BuiltPlan FromIndex(string fixture, string className)
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(fixture));
        var tensors = checkpoint.Variables
            .Where(v => v.Kind is VariableKind.Trainable or VariableKind.Model)
            .Select(v => new Planned.PlanTensor(
                v.Name, v.VariableName ?? string.Empty, TensorDataTypes.Name(v.DataType), new planning::CheckpointGen.EquatableArray<long>(v.Shape.Dimensions.ToArray()),
                -1, v.Size, string.Empty, string.Empty))
            .ToList();
        var settings = new ItemSettings(className, Namespace, "public", "Lazy", KeepPolicy.Model, string.Empty, string.Empty, new Dictionary<string, string>(), CopyToOutput: false);
        var planned = ClassPlanner.Plan(settings, fixture, string.Empty, fixture, tensors, Array.Empty<Planned.PlanSignature>());
        return new BuiltPlan(Planned.PlanFormat.Write(planned.Plan), null);
    }
}

/// <summary>A plan's text and, in Embedded mode, the packed weights the build embeds as a resource.</summary>
internal sealed record BuiltPlan(string Text, byte[]? Weights)
{
    public CheckpointPlan Parsed => PlanFormat.Read(Text, "test.cgplan");
}
