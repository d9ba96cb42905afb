using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>TensorFlow's DataType to the dtypes a program computes with (<see cref="ProgramDTypes"/>).</summary>
internal static class RuntimeDTypes
{
    /// <summary>The program dtype of <paramref name="type"/>, or null when programs do not compute with it.</summary>
    public static string? Of(DataType type) => type switch
    {
        DataType.DtFloat => ProgramDTypes.Float32,
        DataType.DtInt32 => ProgramDTypes.Int32,
        DataType.DtInt64 => ProgramDTypes.Int64,
        DataType.DtBool => ProgramDTypes.Bool,
        _ => null,
    };

    /// <summary>The dtype attribute <paramref name="attribute"/> of the node (or <paramref name="fallback"/> when absent), as a program dtype.</summary>
    /// <exception cref="GraphCompileException">Programs do not compute with it.</exception>
    public static string Attribute(OpContext ctx, string attribute, DataType fallback)
    {
        var type = ctx.Node.Attr.TryGetValue(attribute, out var t) ? t.Type : fallback;
        return Of(type) ?? throw ctx.Fail(GraphCompileException.UnsupportedOp, $"has {attribute} = {type}; this version computes with float32, int32, int64 and bool");
    }
}
