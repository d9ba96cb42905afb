using System.Buffers.Binary;
using CheckpointGen.Runtime.Format.Table;
using CheckpointGen.Runtime.Freezing;
using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Runtime;

/// <summary>
/// What a file handed over as a checkpoint is when it is not one, so the error says what the
/// file is and what to pass instead, rather than what the table reader expected of its bytes.
/// </summary>
internal static class ForeignFile
{
    /// <summary>Graph files larger than this are not parsed just to name them: protobuf's own limit.</summary>
    private const long MaxGraphBytes = int.MaxValue;

    /// <summary>
    /// Why <paramref name="path"/>, a file that is not a checkpoint table (its footer lacks the
    /// table magic), cannot be read as a checkpoint: it is a TensorFlow graph; null when it is
    /// a table (a V1 checkpoint) or nothing recognizable, which the table reader then reports.
    /// </summary>
    public static string? Describe(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxGraphBytes || IsTable(path, info.Length))
        {
            return null;
        }
        CheckpointGraphKind kind;
        Protos.MetaGraphDef metaGraph;
        try
        {
            (kind, metaGraph) = GraphFile.Read(path);
        }
        catch (CheckpointException)
        {
            return null;
        }
        var nodes = metaGraph.GraphDef?.Node;
        if (nodes is null || nodes.Count == 0)
        {
            return null;
        }
        var variables = nodes.Count(n => GraphNames.IsVariableOp(n.Op));
        var what = kind switch
        {
            CheckpointGraphKind.MetaGraph => "a TensorFlow meta graph",
            CheckpointGraphKind.SavedModel => "a SavedModel's graph",
            _ when variables == 0 => "a frozen TensorFlow graph (a GraphDef whose weights are constants)",
            _ => "a TensorFlow graph (GraphDef)",
        };
        var advice = variables == 0
            ? "it holds no variables to read; give the checkpoint it was frozen from (a prefix such as model.ckpt-1000, one of its files, or its folder) or a SavedModel folder"
            : "its variables' values are in a checkpoint; give that checkpoint's prefix (model.ckpt-1000), one of its files, or its folder";
        return $"this is {what} with {nodes.Count} nodes, not a checkpoint: {advice}";
    }

    /// <summary>Whether the file ends with a LevelDB table footer, as V1 checkpoint files do.</summary>
    private static bool IsTable(string path, long length)
    {
        if (length < TableFormat.FooterLength)
        {
            return false;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        stream.Position = length - 8;
        var magic = new byte[8];
        var read = 0;
        while (read < magic.Length)
        {
            var n = stream.Read(magic, read, magic.Length - read);
            if (n <= 0)
            {
                return false;
            }
            read += n;
        }
        return BinaryPrimitives.ReadUInt64LittleEndian(magic) == TableFormat.Magic;
    }
}
