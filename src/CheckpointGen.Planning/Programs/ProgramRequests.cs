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
        text.Split(';').Select(t => t.Trim()).Where(t => t.Length > 0).Select(t => new ProgramTensor(t, t)).ToArray();

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
