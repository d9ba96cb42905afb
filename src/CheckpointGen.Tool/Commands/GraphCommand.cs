using System.CommandLine;
using CheckpointGen.Planning.Compiler.Graph;
using CheckpointGen.Planning.Compiler.Ops;
using CheckpointGen.Protos;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Graphs;
using CheckpointGen.Tool.Output.Json;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>graph MODEL [--json]</c>: the nodes of a model's graph (frozen GraphDef, meta graph, SavedModel
/// or a checkpoint with its graph) with their ops, inputs and declared shapes, whether the graph
/// compiler supports each op, the tensors nothing reads (where outputs usually are), and the
/// SignatureDefs: what a user needs to write <c>Outputs</c>, <c>Inputs</c> or <c>--outputs</c>.
/// </summary>
internal static class GraphCommand
{
    /// <summary>What users type to run it.</summary>
    public const string Name = "graph";

    private static readonly string[] Bookkeeping = { "NoOp", "SaveV2", "RestoreV2", "MergeV2Checkpoints", "Assign", "AssignVariableOp", "VarIsInitializedOp", "Const" };

    public static Command Create(CliConsole console)
    {
        var model = new Argument<string>("MODEL") { Description = "A frozen GraphDef (.pb, .pbtxt), a .meta file, a SavedModel folder, or a checkpoint with its meta graph." };
        var json = CommonOptions.Json();
        var command = new Command(Name, "List a model's graph: nodes, ops, inputs, shapes, compilable ops, unread tensors and signatures.") { model, json };
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            var (graph, signatures) = Load(console, parse.GetValue(model)!);
            var read = new HashSet<string>(graph.Node.SelectMany(Subgraph.DataInputs).Select(t => t.Node), StringComparer.Ordinal);
            var sinks = graph.Node.Where(n => !read.Contains(n.Name) && !IsTraining(n)).Select(n => n.Name).ToList();
            if (parse.GetValue(json))
            {
                WriteJson(console, graph, sinks, signatures);
            }
            else
            {
                foreach (var node in graph.Node)
                {
                    var supported = OpTable.TryGet(node.Op, out _) ? " " : "✗";
                    var inputs = node.Input.Count == 0 ? string.Empty : " ← " + string.Join(", ", node.Input);
                    console.Out.WriteLine($"{supported} {node.Name}  {node.Op}  {Shape(node)}{inputs}");
                }
                console.Out.WriteLine();
                console.Out.WriteLine($"Read by no node (candidate outputs): {string.Join(", ", sinks)}");
                foreach (var s in signatures)
                {
                    console.Out.WriteLine($"Signature {s.Key}: {string.Join(", ", s.Inputs.Select(i => $"{i.Key}={i.TensorName} {i.Shape}"))} → {string.Join(", ", s.Outputs.Select(o => $"{o.Key}={o.TensorName} {o.Shape}"))}");
                }
                console.Out.WriteLine("✗: an op `Outputs` cannot compile yet.");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Savers, initializers, gradients and optimizer updates: nodes no inference output is.</summary>
    private static bool IsTraining(NodeDef node) =>
        Bookkeeping.Contains(node.Op) || node.Op.StartsWith("Apply", StringComparison.Ordinal) || node.Op.StartsWith("ResourceApply", StringComparison.Ordinal)
        || node.Name.StartsWith("save/", StringComparison.Ordinal) || node.Name.StartsWith("gradients/", StringComparison.Ordinal);

    private static (GraphDef Graph, IReadOnlyList<GraphSignature> Signatures) Load(CliConsole console, string path)
    {
        if (File.Exists(path))
        {
            var loaded = CheckpointGraph.Load(path);
            return (loaded.MetaGraph.GraphDef ?? new GraphDef(), loaded.Signatures);
        }
        using var checkpoint = CheckpointArgument.Open(console, path);
        return checkpoint.Graph is { } g
            ? (g.MetaGraph.GraphDef ?? new GraphDef(), g.Signatures)
            : throw new CommandFailedException(ExitCodes.NotFound, $"{path}: no graph beside the checkpoint (no .meta, SavedModel or graph.pbtxt).");
    }

    /// <summary>The shape a node declares: a Placeholder's, a Const's, or TensorFlow's recorded <c>_output_shapes</c>.</summary>
    private static string Shape(NodeDef node)
    {
        if (node.Attr.TryGetValue("shape", out var s) && s.Shape is { } shape)
        {
            return GraphShape.From(shape).ToString();
        }
        if (node.Attr.TryGetValue("value", out var v) && v.Tensor?.TensorShape is { } constant)
        {
            return GraphShape.From(constant).ToString();
        }
        return node.Attr.TryGetValue("_output_shapes", out var o) && o.List?.Shape.Count > 0 ? GraphShape.From(o.List.Shape[0]).ToString() : "?";
    }

    private static void WriteJson(CliConsole console, GraphDef graph, List<string> sinks, IReadOnlyList<GraphSignature> signatures)
    {
        using var sink = new JsonTextSink(console.Out);
        var w = sink.Writer;
        w.WriteStartObject();
        w.WriteStartArray("nodes");
        foreach (var node in graph.Node)
        {
            w.WriteStartObject();
            w.WriteString("name", node.Name);
            w.WriteString("op", node.Op);
            w.WriteString("shape", Shape(node));
            w.WriteBoolean("compilable", OpTable.TryGet(node.Op, out _));
            w.WriteStartArray("inputs");
            foreach (var input in node.Input)
            {
                w.WriteStringValue(input);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("unread");
        sinks.ForEach(w.WriteStringValue);
        w.WriteEndArray();
        w.WriteStartObject("signatures");
        foreach (var s in signatures)
        {
            w.WriteStartObject(s.Key);
            foreach (var (title, tensors) in new[] { ("inputs", s.Inputs), ("outputs", s.Outputs) })
            {
                w.WriteStartObject(title);
                foreach (var t in tensors)
                {
                    w.WriteString(t.Key, t.TensorName);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        sink.Complete();
    }
}
