using CheckpointGen.Protos;
using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Runtime.Freezing;

/// <summary>Which meta graph of a checkpoint's graph file to freeze, and its signatures' outputs.</summary>
internal static class MetaGraphChoice
{
    /// <summary>The key TensorFlow serving uses when no signature is named.</summary>
    public const string DefaultSignatureKey = "serving_default";

    /// <summary>The SavedModel entry TF2 adds for its initializer; it is not a model output.</summary>
    private const string InitOpSignatureKey = "__saved_model_init_op";

    /// <summary>The checkpoint's meta graph, or with <paramref name="tags"/> the SavedModel meta graph tagged exactly so.</summary>
    public static (MetaGraphDef MetaGraph, string Path) For(Checkpoint checkpoint, IReadOnlyList<string>? tags)
    {
        var graph = checkpoint.Graph ?? throw new FreezeException(
            $"there is no readable graph to freeze: freezing needs {Path.GetFileName(checkpoint.Location.Prefix)}.meta beside the checkpoint, or a SavedModel",
            checkpoint.Location.Prefix);
        if (tags is null)
        {
            return (graph.MetaGraph, graph.Path);
        }
        if (graph.Kind != CheckpointGraphKind.SavedModel)
        {
            throw new FreezeException("tags choose among the meta graphs of a SavedModel, and this graph is not one", graph.Path);
        }
        var wanted = new HashSet<string>(tags, StringComparer.Ordinal);
        var metaGraphs = GraphFile.ReadSavedModel(graph.Path).MetaGraphs;
        return (metaGraphs.FirstOrDefault(m => wanted.SetEquals(TagsOf(m))) ?? throw new FreezeException(
            $"the SavedModel has no meta graph tagged '{string.Join(",", tags)}'; its tag sets are: {string.Join("; ", metaGraphs.Select(m => "'" + string.Join(",", TagsOf(m)) + "'"))}",
            graph.Path), graph.Path);
    }

    /// <summary>
    /// The tensor names a signature outputs, ordered by output key (a sparse output gives its
    /// values, indices and dense shape). Without a key: <c>serving_default</c>, else the only signature.
    /// </summary>
    public static IReadOnlyList<string> SignatureOutputs(MetaGraphDef metaGraph, string? key, string path)
    {
        var signatures = metaGraph.SignatureDef.Keys.Where(k => k != InitOpSignatureKey).OrderBy(k => k, StringComparer.Ordinal).ToList();
        key ??= signatures.Contains(DefaultSignatureKey) ? DefaultSignatureKey
            : signatures.Count == 1 ? signatures[0]
            : throw new FreezeException(
                signatures.Count == 0
                    ? "the meta graph has no signatures, so the outputs must be named"
                    : $"the meta graph has no '{DefaultSignatureKey}' signature; name one of: {string.Join(", ", signatures)}",
                path);
        if (!metaGraph.SignatureDef.TryGetValue(key, out var signature))
        {
            var suggestion = NameSuggester.Closest(key, signatures);
            throw new FreezeException(
                $"the meta graph has no signature '{key}'" + (suggestion is null ? $"; it has: {string.Join(", ", signatures)}" : $"; did you mean '{suggestion}'?"),
                path);
        }
        var outputs = new List<string>();
        foreach (var output in signature.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            switch (output.Value.EncodingCase)
            {
                case TensorInfo.EncodingOneofCase.Name:
                    outputs.Add(output.Value.Name);
                    break;
                case TensorInfo.EncodingOneofCase.CooSparse:
                    var sparse = output.Value.CooSparse;
                    outputs.AddRange(new[] { sparse.ValuesTensorName, sparse.IndicesTensorName, sparse.DenseShapeTensorName });
                    break;
                default:
                    throw new FreezeException($"output '{output.Key}' of signature '{key}' is a composite tensor, which names no graph node; name the output nodes instead", path);
            }
        }
        return outputs.Count > 0 ? outputs : throw new FreezeException($"signature '{key}' has no outputs", path);
    }

    private static IEnumerable<string> TagsOf(MetaGraphDef metaGraph) => metaGraph.MetaInfoDef?.Tags ?? Enumerable.Empty<string>();
}
