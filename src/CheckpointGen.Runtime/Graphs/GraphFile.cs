using System.Text;
using CheckpointGen.Protos;
using CheckpointGen.Runtime.TextFormat;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// Reads the files a graph comes in, binary or text, into one MetaGraphDef (a bare GraphDef
/// becomes a meta graph holding only it).
/// </summary>
internal static class GraphFile
{
    private static readonly string[] TextExtensions = { ".pbtxt", ".pbtext", ".prototxt", ".txt" };

    /// <summary>The names a SavedModel's graph file has, in the order TensorFlow looks for them.</summary>
    public static readonly string[] SavedModelNames = { "saved_model.pb", "saved_model.pbtxt" };

    /// <summary>Reads <paramref name="path"/>; its name and, for text, its first field tell what it holds.</summary>
    /// <exception cref="CheckpointFormatException">The file does not hold what its name says, or a SavedModel has no meta graph.</exception>
    public static (CheckpointGraphKind Kind, MetaGraphDef MetaGraph) Read(string path)
    {
        var name = Path.GetFileName(path);
        if (TextExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            var text = File.ReadAllText(path, Encoding.UTF8);
            return FirstFieldName(text, path) switch
            {
                "meta_graphs" or "saved_model_schema_version" => FromSavedModel(TextFormatParser.Parse<SavedModel>(text, path), path),
                "node" or "library" or "versions" or "version" => (CheckpointGraphKind.GraphDef, new MetaGraphDef { GraphDef = TextFormatParser.Parse<GraphDef>(text, path) }),
                _ => (CheckpointGraphKind.MetaGraph, TextFormatParser.Parse<MetaGraphDef>(text, path)),
            };
        }
        var bytes = File.ReadAllBytes(path);
        if (name.Equals("saved_model.pb", StringComparison.OrdinalIgnoreCase))
        {
            return FromSavedModel(ParseBinary(SavedModel.Parser, bytes, path), path);
        }
        if (name.EndsWith(".meta", StringComparison.OrdinalIgnoreCase))
        {
            return (CheckpointGraphKind.MetaGraph, ParseBinary(MetaGraphDef.Parser, bytes, path));
        }
        return (CheckpointGraphKind.GraphDef, new MetaGraphDef { GraphDef = ParseBinary(GraphDef.Parser, bytes, path) });
    }

    /// <summary>Every meta graph of a SavedModel file, binary or text, for callers that choose one by its tags.</summary>
    /// <exception cref="CheckpointFormatException">The file is not a valid SavedModel.</exception>
    public static SavedModel ReadSavedModel(string path) =>
        TextExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            ? TextFormatParser.Parse<SavedModel>(File.ReadAllText(path, Encoding.UTF8), path)
            : ParseBinary(SavedModel.Parser, File.ReadAllBytes(path), path);

    /// <summary>The meta graph a server would load: the one tagged <c>serve</c>, else the first.</summary>
    private static (CheckpointGraphKind, MetaGraphDef) FromSavedModel(SavedModel model, string path)
    {
        var chosen = model.MetaGraphs.FirstOrDefault(m => m.MetaInfoDef?.Tags.Contains("serve") == true)
            ?? model.MetaGraphs.FirstOrDefault()
            ?? throw new CheckpointFormatException("the SavedModel has no meta graph", path);
        return (CheckpointGraphKind.SavedModel, chosen);
    }

    private static T ParseBinary<T>(MessageParser<T> parser, byte[] bytes, string path)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CheckpointFormatException($"not a valid binary {typeof(T).Name}: {e.Message.TrimEnd('.', ' ')}{DamageHint(bytes)}", path, innerException: e);
        }
    }

    /// <summary>
    /// Binary protobuf that went through a text conversion (a checkout with line-ending or
    /// encoding filters) has its invalid UTF-8 replaced by U+FFFD: say so, it is the usual cause.
    /// </summary>
    private static string DamageHint(byte[] bytes)
    {
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 64));
        ReadOnlySpan<byte> replacement = stackalloc byte[] { 0xEF, 0xBF, 0xBD };
        return head.IndexOf(replacement) >= 0
            ? ". The file contains UTF-8 replacement characters (EF BF BD), so it was probably converted as text, which destroys binary files; get an unconverted copy"
            : string.Empty;
    }

    private static string? FirstFieldName(string text, string path)
    {
        var tokens = new TextTokenizer(text, path);
        return tokens.Current.Kind == TextTokenKind.Identifier ? tokens.TextOf(tokens.Current) : null;
    }
}
