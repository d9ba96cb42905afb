using CheckpointGen.Planning.Compiler;
using CheckpointGen.Contracts;
using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Planning.Programs;

/// <summary>
/// Which entry points an item compiles: <c>Outputs</c> (with optional <c>Inputs</c>) gives one
/// method, <c>Predict</c>; a SavedModel without <c>Outputs</c> gives one method per SignatureDef,
/// named after its key (<c>serving_default</c> → <c>ServingDefault</c>).
/// </summary>
internal static class ProgramRequests
{
    public const string PredictMethod = "Predict";

    /// <summary>Whether the item asks for inference explicitly (then every failure is an error).</summary>
    public static bool Explicit(ItemMetadata metadata) => metadata.Outputs.Trim().Length > 0;

    public static IReadOnlyList<ProgramRequest> For(ItemMetadata metadata, CheckpointGraph? graph)
    {
        if (Explicit(metadata))
        {
            return new[] { new ProgramRequest(PredictMethod, string.Empty, List(metadata.Inputs), List(metadata.Outputs)) };
        }
        if (graph is not { Kind: CheckpointGraphKind.SavedModel })
        {
            return Array.Empty<ProgramRequest>();
        }
        return graph.Signatures
            .Where(s => !s.Key.StartsWith("__", StringComparison.Ordinal))
            .Select(s => new ProgramRequest(MethodName(s.Key), s.Key,
                s.Inputs.Select(i => new ProgramTensor(i.Key, i.TensorName, i.Shape.IsUnknownRank ? null : i.Shape.Dimensions.ToArray())).ToArray(),
                s.Outputs.Select(o => new ProgramTensor(o.Key, o.TensorName)).ToArray()))
            .ToArray();
    }

    private static ProgramTensor[] List(string text) =>
        text.Split(';').Select(t => t.Trim()).Where(t => t.Length > 0).Select(Tensor).ToArray();

    /// <summary>
    /// <c>name</c>, or <c>name[?,4]</c> to give a fed tensor that is no Placeholder its shape (a
    /// TF2 model fed after its tf.Example parsing, say); <c>?</c> or -1 is the batch. Node names
    /// cannot hold brackets, so a text that is not a valid shape stays one name, which then names
    /// no node (CG1042 quoting it).
    /// </summary>
    private static ProgramTensor Tensor(string text)
    {
        var open = text.IndexOf('[');
        if (open <= 0 || !text.EndsWith("]", StringComparison.Ordinal))
        {
            return new ProgramTensor(text, text);
        }
        var dims = new List<long>();
        foreach (var part in text.Substring(open + 1, text.Length - open - 2).Split(','))
        {
            var dim = part.Trim();
            if (dim is "?" or "-1")
            {
                dims.Add(-1);
            }
            else if (long.TryParse(dim, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
            {
                dims.Add(size);
            }
            else
            {
                return new ProgramTensor(text, text);
            }
        }
        var name = text.Substring(0, open).Trim();
        return new ProgramTensor(name, name, dims.ToArray());
    }

    /// <summary>PascalCase of a signature key; members the class already has get the suffix <c>Signature</c>.</summary>
    private static string MethodName(string key)
    {
        var name = string.Concat(key.Split(new[] { '_', '-', '/', '.', ' ', ':' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
        name = new string(name.Where(c => char.IsLetterOrDigit(c) && c < 128).ToArray());
        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            name = "Signature" + name;
        }
        return name is "Names" or "Shapes" or "Signatures" or "Storage" or "Embedded" or "Open" or "Get" or "GetStrings" or "Dispose" ? name + "Signature" : name;
    }
}
