using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Graphs;

/// <summary>What Keras recorded about one node of a SavedModel's object graph.</summary>
/// <param name="NodeId">The node's index in the SavedObjectGraph (checked to be one).</param>
/// <param name="Identifier">The kind of Keras object (<c>_tf_keras_layer</c>, <c>_tf_keras_rnn_layer</c>, …).</param>
/// <param name="Metadata">Keras's JSON for it (name, class_name, config), unparsed.</param>
/// <param name="Where">The file and the place in it the record came from, for messages.</param>
internal sealed record KerasObjectRecord(int NodeId, string Identifier, string Metadata, string Where);

/// <summary>
/// Reads the Keras objects of a TF2 SavedModel: from <c>keras_metadata.pb</c> beside
/// <c>saved_model.pb</c> where Keras (TF 2.5 and later) wrote one, else from the object graph's
/// SavedUserObject metadata, where TF 2.4 and earlier kept the same JSON. Only reads: what the
/// names mean is the planner's business.
/// </summary>
internal static class KerasObjects
{
    /// <summary>The file Keras writes beside saved_model.pb.</summary>
    public const string MetadataFileName = "keras_metadata.pb";

    /// <summary>The Keras objects of <paramref name="graph"/>; empty when it is no TF2 SavedModel or holds no Keras object.</summary>
    /// <exception cref="CheckpointFormatException"><c>keras_metadata.pb</c> is damaged or names nodes the object graph does not have; the message gives the file and byte offset.</exception>
    public static IReadOnlyList<KerasObjectRecord> Read(CheckpointGraph graph)
    {
        if (graph.Kind != CheckpointGraphKind.SavedModel || graph.MetaGraph.ObjectGraphDef is not { Nodes.Count: > 0 } objects)
        {
            return Array.Empty<KerasObjectRecord>();
        }
        if (MetadataFile(graph) is { } file)
        {
            return ReadFile(file, objects.Nodes.Count);
        }
        return Enumerable.Range(0, objects.Nodes.Count)
            .Where(i => objects.Nodes[i].UserObject is { Metadata.Length: > 0 })
            .Select(i => new KerasObjectRecord(i, objects.Nodes[i].UserObject.Identifier, objects.Nodes[i].UserObject.Metadata, $"{graph.Path}, object graph node {i}"))
            .ToArray();
    }

    /// <summary>The <c>keras_metadata.pb</c> beside a SavedModel's graph, when there is one: a file the names depend on.</summary>
    public static string? MetadataFile(CheckpointGraph graph)
    {
        var file = Path.Combine(Path.GetDirectoryName(graph.Path) ?? string.Empty, MetadataFileName);
        return graph.Kind == CheckpointGraphKind.SavedModel && File.Exists(file) ? file : null;
    }

    private static IReadOnlyList<KerasObjectRecord> ReadFile(string file, int nodeCount)
    {
        var bytes = File.ReadAllBytes(file);
        var records = new List<KerasObjectRecord>();
        var input = new CodedInputStream(bytes);
        long start = 0;
        try
        {
            while (!input.IsAtEnd)
            {
                start = input.Position;
                var tag = input.ReadTag();
                if (WireFormat.GetTagFieldNumber(tag) != 1 || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
                {
                    input.SkipLastField();
                    continue;
                }
                var node = KerasSavedObject.Parser.ParseFrom(input.ReadBytes());
                if (node.NodeId < 0 || node.NodeId >= nodeCount)
                {
                    throw new CheckpointFormatException(
                        $"the Keras object '{node.NodePath}' is node {node.NodeId}, and saved_model.pb's object graph has {nodeCount} nodes: the file belongs to another SavedModel",
                        file, start);
                }
                records.Add(new KerasObjectRecord(node.NodeId, node.Identifier, node.Metadata, $"{file}, entry at byte {start}"));
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CheckpointFormatException(
                $"not a valid Keras SavedMetadata ({MetadataFileName}): {e.Message.TrimEnd('.', ' ')}; accessors take their layer names from it: restore the file, or delete it to name them by the checkpoint's keys",
                file, start, innerException: e);
        }
        return records;
    }
}
