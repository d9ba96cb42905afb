using CheckpointGen.Planning.Compiler;
using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Planning.Compiler.Functions;
using CheckpointGen.Planning.Compiler.Ops;
using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Items;
using CheckpointGen.Planning.Layout;
using CheckpointGen.Planning.Storage;
using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Planning.Programs;

/// <summary>
/// Adds compiled entry points to an item's plan. For a checkpoint item the program reads the
/// class's own tensors (variables bound by name); for a frozen GraphDef the constants the program
/// reads become the class's tensors, packed like a checkpoint's weights.
/// </summary>
internal static class ProgramPlanner
{
    /// <summary>Whether the item is a bare GraphDef file (a frozen graph) rather than a checkpoint or SavedModel.</summary>
    public static bool IsFrozenGraph(BuildRequest request) =>
        File.Exists(request.FullPath)
        && !GraphFile.SavedModelNames.Contains(Path.GetFileName(request.FullPath), StringComparer.OrdinalIgnoreCase)
        && (request.FullPath.EndsWith(".pb", StringComparison.OrdinalIgnoreCase) || request.FullPath.EndsWith(".pbtxt", StringComparison.OrdinalIgnoreCase));

    /// <summary>The plan of a frozen GraphDef item: its compiled program and, as tensors, the constants the program reads.</summary>
    public static ItemPlan PlanFrozen(BuildRequest request, ItemSettings settings, OutputIndex index, List<PlanDiagnostic> diagnostics)
    {
        if (!ProgramRequests.Explicit(request.Metadata))
        {
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.BadMetadata, $"{request.ItemSpec} is a GraphDef, not a checkpoint: set Outputs to the tensors to compute (`checkpointgen graph` lists them)"));
            return new ItemPlan(null, diagnostics);
        }
        if (!settings.IsEmbedded)
        {
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.BadMetadata, "a frozen GraphDef's constants are embedded: Mode=\"Lazy\" needs a checkpoint"));
            return new ItemPlan(null, diagnostics);
        }
        var graph = GraphFile.Read(request.FullPath).MetaGraph;
        var weights = new WeightList();
        var programs = Compile(graph, ProgramRequests.For(request.Metadata, null), _ => null, weights.Store, explicitRequest: true, diagnostics);
        if (programs is null)
        {
            return new ItemPlan(null, diagnostics);
        }
        var resourceName = WeightPacker.ResourceName(settings);
        var weightsPath = Path.Combine(request.OutputDirectory, WeightPacker.WeightsFile(settings));
        var tensors = new List<PlanTensor>();
        AtomicFile.Write(weightsPath, stream => weights.Pack(stream, tensors));
        index.Resources.Add((weightsPath, resourceName));
        index.Inputs.Add(request.FullPath);
        var planned = ClassPlanner.Plan(settings, request.ItemSpec, resourceName, string.Empty, tensors, Array.Empty<PlanSignature>());
        return new ItemPlan(planned.Plan with { Programs = new EquatableArray<PlanProgram>(programs) }, diagnostics);
    }

    /// <summary>The plan with the programs of a checkpoint item added; null when compiling failed with an error (added to <paramref name="diagnostics"/>).</summary>
    public static CheckpointPlan? AddPrograms(CheckpointPlan plan, BuildRequest request, Checkpoint checkpoint, List<PlanDiagnostic> diagnostics)
    {
        var requests = ProgramRequests.For(request.Metadata, checkpoint.Graph);
        if (requests.Count == 0)
        {
            return plan;
        }
        if (checkpoint.Graph is not { MetaGraph.GraphDef: not null } loaded)
        {
            diagnostics.Add(PlanDiagnostic.Error(GraphCompileException.MissingInput, $"Outputs needs the model's graph, and {request.ItemSpec} has no readable meta graph or SavedModel beside it"));
            return null;
        }
        var variables = checkpoint.Variables.Where(v => v.DataType == TensorDataType.Float).ToList();
        CheckpointVariable? Find(string name) => variables.FirstOrDefault(v => v.VariableName == name) ?? variables.FirstOrDefault(v => v.Name == name);
        (float[], long[])? Bind(string name) => Find(name) is { } v ? (checkpoint.Read<float>(v.Name), v.Shape.ToArray()) : null;
        long printed = 0;
        int Store(string name, float[] values, long[] dims)
        {
            var variable = name.StartsWith(WeightList.VariablePrefix, StringComparison.Ordinal) ? Find(name.Substring(WeightList.VariablePrefix.Length)) : null;
            var tensor = variable is null ? -1 : Enumerable.Range(0, plan.Tensors.Count).FirstOrDefault(i => plan.Tensors[i].Key == variable.Name, -1);
            if (variable is not null && tensor < 0)
            {
                throw new GraphCompileException(GraphCompileException.UnboundVariable, $"the program reads the variable '{variable.Name}', which the item's Keep/Include/Exclude filters leave out of the class");
            }
            // The class's tensors are the checkpoint's (its file, or its packed copy): a graph
            // constant, or a value folded from one, is printed into the generated code instead.
            if (variable is null && (printed += values.Length) > ProgramBuilder.PrintedLimit)
            {
                throw new GraphCompileException(GraphCompileException.UnsupportedOp,
                    $"the graph's constant '{name}' ({values.Length} elements) brings the constants printed into the generated code to {printed} elements; a checkpoint or SavedModel item prints graph constants, up to {ProgramBuilder.PrintedLimit} elements in all; freeze the graph (`checkpointgen freeze`) to embed them as weights");
            }
            return tensor;
        }
        var programs = Compile(loaded.MetaGraph, requests, Bind, Store, ProgramRequests.Explicit(request.Metadata), diagnostics);
        return programs is null ? null : plan with { Programs = new EquatableArray<PlanProgram>(programs) };
    }

    /// <summary>
    /// Compiles each request, on the graph its outputs need (a TF2 model's functions inlined).
    /// Requested by Outputs, a failure is an error; signatures compiled by default (a
    /// SavedModel's) that cannot be compiled (tf.Example parsing, say) are skipped with a message.
    /// </summary>
    private static PlanProgram[]? Compile(MetaGraphDef graph, IReadOnlyList<ProgramRequest> requests, VariableBinder bind, Func<string, float[], long[], int> store, bool explicitRequest, List<PlanDiagnostic> diagnostics)
    {
        var programs = new List<PlanProgram>();
        foreach (var request in requests)
        {
            try
            {
                programs.Add(GraphCompiler.Compile(FlatGraph.For(graph, request.Outputs.Select(o => o.Tensor)), request, bind, store));
            }
            catch (GraphCompileException e) when (!explicitRequest)
            {
                diagnostics.Add(PlanDiagnostic.Info(e.Code, $"signature '{request.SignatureKey}' gets no {request.Method} method: {e.Message}"));
            }
            catch (GraphCompileException e)
            {
                diagnostics.Add(PlanDiagnostic.Error(e.Code, e.Message));
                return null;
            }
        }
        return programs.ToArray();
    }
}
