using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Naming;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Planning.Layout;

/// <summary>
/// The graph's SignatureDefs as nested classes of <c>Signatures</c>, identifiers resolved by the
/// same rule as the rest of the class (<see cref="ClassLayout"/>).
/// </summary>
internal static class SignatureLayout
{
    /// <summary>The members of a signature class, which no signature class may be named (CS0542).</summary>
    private static readonly string[] SignatureMembers = { "Key", "MethodName", "Inputs", "Outputs" };

    /// <summary>The members of an input or output class.</summary>
    private static readonly string[] TensorMembers = { "Key", "TensorName", "DType", "UnknownRank", "Shape" };

    /// <summary>The checkpoint graph's entry points, in key order, not yet named.</summary>
    public static IReadOnlyList<PlanSignature> Read(Checkpoint checkpoint)
    {
        if (checkpoint.Graph is not { } graph)
        {
            return Array.Empty<PlanSignature>();
        }
        // "__saved_model_init_op" and the like are TensorFlow's loading machinery, not entry points.
        return graph.Signatures
            .Where(s => !s.Key.StartsWith("__", StringComparison.Ordinal))
            .Select(s => new PlanSignature(s.Key, s.MethodName, string.Empty, Tensors(s.Inputs), Tensors(s.Outputs)))
            .ToArray();
    }

    /// <summary>The signatures, ordered by key, with every class name resolved; renames by rule are added to <paramref name="notes"/>.</summary>
    public static IReadOnlyList<PlanSignature> Name(IEnumerable<PlanSignature> signatures, string className, ICollection<string> notes)
    {
        var where = className + ".Signatures";
        var table = new NameTable(ClassLayout.ObjectMembers.Append("Signatures").Concat(SignatureMembers));
        return signatures
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s =>
            {
                var name = table.ClaimVisible(Identifiers.ToPascal(s.Key), s.Key, where, notes);
                return s with { ClassName = name, Inputs = Name(s.Inputs, "Inputs", where + "." + name, notes), Outputs = Name(s.Outputs, "Outputs", where + "." + name, notes) };
            })
            .ToArray();
    }

    private static EquatableArray<PlanSignatureTensor> Name(IEnumerable<PlanSignatureTensor> tensors, string title, string where, ICollection<string> notes)
    {
        var table = new NameTable(ClassLayout.ObjectMembers.Append(title).Concat(TensorMembers));
        return new(tensors
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => t with { ClassName = table.ClaimVisible(Identifiers.ToPascal(t.Key), t.Key, where + "." + title, notes) })
            .ToArray());
    }

    private static EquatableArray<PlanSignatureTensor> Tensors(IEnumerable<GraphSignatureTensor> tensors) =>
        new(tensors
            .Select(t => new PlanSignatureTensor(
                t.Key, t.TensorName, TensorDataTypes.Name(t.DataType),
                new EquatableArray<long>(t.Shape.IsUnknownRank ? Array.Empty<long>() : t.Shape.Dimensions.ToArray()),
                t.Shape.IsUnknownRank,
                string.Empty))
            .ToArray());
}
