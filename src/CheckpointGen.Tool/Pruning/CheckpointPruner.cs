using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Format.Writing;
using CheckpointGen.Runtime.Graphs;
using CheckpointGen.Runtime.Reading;
using CheckpointGen.Tool.Commands;
using Google.Protobuf;

namespace CheckpointGen.Tool.Pruning;

/// <summary>
/// Writes a checkpoint holding only some variables of another, their stored bytes copied bit
/// for bit, with the meta graph's Saver (TF1) or the object graph (TF2) rewritten to match and
/// the folder's <c>checkpoint</c> state file naming it as the latest. Data files keep the
/// source's layout: tensors in stored order, one data file per source data file that still
/// holds a kept tensor. Everything that can fail is checked or staged first; each file appears
/// whole or not at all, the state file last.
/// </summary>
internal static class CheckpointPruner
{
    /// <param name="source">The input checkpoint.</param>
    /// <param name="kept">The variables to keep, in key order.</param>
    /// <param name="newNames">Each kept variable's key in the new checkpoint.</param>
    /// <param name="dropped">The variables left out.</param>
    /// <param name="keepObjectGraph">Whether a TF2 object graph naming kept keys may be kept though the selection left it out.</param>
    /// <param name="outputPrefix">The new checkpoint's prefix.</param>
    /// <param name="progress">Receives the tensor bytes written so far.</param>
    public static PruneResult Prune(
        Checkpoint source, IReadOnlyList<CheckpointVariable> kept, IReadOnlyList<string> newNames, IReadOnlyList<CheckpointVariable> dropped,
        bool keepObjectGraph, string outputPrefix, IProgress<long>? progress)
    {
        var prefix = Path.GetFullPath(outputPrefix);
        if (Directory.Exists(prefix) || outputPrefix.EndsWith('/') || outputPrefix.EndsWith(Path.DirectorySeparatorChar))
        {
            throw new CommandFailedException(ExitCodes.Usage, $"OUT '{outputPrefix}' is a folder; give a checkpoint prefix such as {Path.Combine(outputPrefix, "model.ckpt")}");
        }
        var state = CheckpointStateUpdate.ReadExisting(prefix);
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < kept.Count; i++)
        {
            renamed[kept[i].Name] = newNames[i];
        }
        var tensors = kept.Select((v, i) => new PrunedTensor(v, newNames[i], null)).ToList();
        AddObjectGraph(source, tensors, keepObjectGraph, key => key != VariableNaming.ObjectGraphKey && renamed.TryGetValue(key, out var name) ? name : null);
        var meta = MetaGraphFor(source, key => renamed.TryGetValue(key, out var name) ? name : null, out var metaNote);

        var shards = tensors.Where(t => !t.Source.IsPartitioned).Select(t => t.Source.ShardId).Distinct().Order().ToList();
        var options = new CheckpointWriterOptions { ShardCount = Math.Max(1, shards.Count), DataOrder = TensorDataOrder.AsAdded };
        using var metaFile = new AtomicFileSet();
        OutputWriting.Run(prefix, Path.GetDirectoryName(prefix), () =>
        {
            using var writer = new CheckpointWriter(prefix, options);
            foreach (var tensor in tensors.OrderBy(t => t.Source.ShardId).ThenBy(t => t.Source.Offset))
            {
                int? shard = tensor.Source.IsPartitioned ? null : shards.IndexOf(tensor.Source.ShardId);
                if (tensor.Replacement is { } value)
                {
                    writer.Add(tensor.Name, TensorShape.Scalar, TensorData.FromStrings(new[] { value }), shard);
                }
                else
                {
                    writer.CopyFrom(source, tensor.Source.Name, tensor.Name, shard);
                }
            }
            if (meta is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(prefix)!);
                File.WriteAllBytes(metaFile.Add(prefix + ".meta"), meta);
            }
            writer.Commit(progress);
            metaFile.Install();
        });
        var statePath = CheckpointStateUpdate.PathFor(prefix);
        OutputWriting.Run(statePath, null, () => CheckpointStateFile.Write(
            Path.GetDirectoryName(statePath)!, CheckpointStateUpdate.Add(state, prefix, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0)));
        var files = Enumerable.Range(0, options.ShardCount).Select(s => BundleStore.DataFilePath(prefix, s, options.ShardCount)).Prepend(prefix + ".index").ToList();
        var written = tensors.OrderBy(t => t.Source.Name, StringComparer.Ordinal).ToList();
        var sources = written.Select(t => t.Source).ToHashSet();
        return new PruneResult(prefix, files, written, dropped.Where(d => !sources.Contains(d)).ToList(), meta is null ? null : prefix + ".meta", metaNote, statePath);
    }

    /// <summary>
    /// Keeps the object graph of a TF2 checkpoint, naming only the kept keys: rewritten where
    /// keys were dropped or renamed, copied as stored otherwise. Left out when it names no kept key.
    /// </summary>
    private static void AddObjectGraph(Checkpoint source, List<PrunedTensor> tensors, bool allowed, Func<string, string?> newKey)
    {
        if (ObjectGraphRewriter.Find(source) is not { } objectGraph)
        {
            return;
        }
        var index = tensors.FindIndex(t => t.Source == objectGraph);
        if (index < 0 && !allowed)
        {
            return;
        }
        var rewritten = ObjectGraphRewriter.Rewrite(source.ReadStrings(objectGraph.Name)[0], newKey, out var changed);
        var replacement = changed ? rewritten : null;
        if (index >= 0)
        {
            tensors[index] = tensors[index] with { Replacement = replacement };
        }
        else if (rewritten is not null)
        {
            tensors.Add(new PrunedTensor(objectGraph, objectGraph.Name, replacement));
        }
    }

    /// <summary>
    /// The bytes of the new <c>.meta</c>: the source's own file when its Saver needs no change
    /// (a faithful copy), else the rewritten meta graph; null, with the reason, when the graph has
    /// no Saver this can rewrite (and null without a reason when there is no graph at all).
    /// </summary>
    private static byte[]? MetaGraphFor(Checkpoint source, Func<string, string?> newKey, out string? note)
    {
        note = null;
        if (source.Graph is not { } graph)
        {
            return null;
        }
        if (graph.Kind == CheckpointGraphKind.GraphDef)
        {
            note = $"the graph beside the input ({graph.Path}) is a bare GraphDef, which has no Saver";
            return null;
        }
        var rewritten = SaverRewriter.TryRewrite(graph.MetaGraph, newKey, out var changed, out var reason);
        if (rewritten is null)
        {
            note = $"the meta graph {graph.Path} has no Saver this tool can rewrite: {reason}";
            return null;
        }
        return !changed && graph.Kind == CheckpointGraphKind.MetaGraph ? File.ReadAllBytes(graph.Path) : rewritten.ToByteArray();
    }
}
