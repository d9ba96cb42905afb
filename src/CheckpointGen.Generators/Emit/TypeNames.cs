namespace CheckpointGen.Generators.Emit;

/// <summary>The C# element type generated code uses for each dtype name of the manifest.</summary>
internal static class TypeNames
{
    public const string Runtime = "global::CheckpointGen.Runtime";

    /// <summary>The element type, or null for string tensors (they have their own accessor type).</summary>
    public static string? ElementType(string dtype, bool hasHalf) => dtype switch
    {
        "float32" => "float",
        "float64" => "double",
        "float16" => hasHalf ? "global::System.Half" : "ushort",
        "bfloat16" => Runtime + ".BFloat16",
        "int8" or "qint8" => "sbyte",
        "int16" or "qint16" => "short",
        "int32" or "qint32" => "int",
        "int64" => "long",
        "uint8" or "quint8" or "float8_e5m2" or "float8_e4m3fn" => "byte",
        "uint16" or "quint16" => "ushort",
        "uint32" => "uint",
        "uint64" => "ulong",
        "bool" => "bool",
        "complex64" => Runtime + ".Complex64",
        "complex128" => "global::System.Numerics.Complex",
        _ => null,
    };

    /// <summary>The runtime's TensorDataType member for a dtype name.</summary>
    public static string DataTypeMember(string dtype) => Runtime + ".TensorDataType." + dtype switch
    {
        "float32" => "Float",
        "float64" => "Double",
        "float16" => "Half",
        "bfloat16" => "BFloat16",
        "int8" => "Int8",
        "int16" => "Int16",
        "int32" => "Int32",
        "int64" => "Int64",
        "uint8" => "UInt8",
        "uint16" => "UInt16",
        "uint32" => "UInt32",
        "uint64" => "UInt64",
        "bool" => "Bool",
        "string" => "String",
        "complex64" => "Complex64",
        "complex128" => "Complex128",
        "qint8" => "QInt8",
        "quint8" => "QUInt8",
        "qint16" => "QInt16",
        "quint16" => "QUInt16",
        "qint32" => "QInt32",
        "float8_e5m2" => "Float8E5M2",
        "float8_e4m3fn" => "Float8E4M3FN",
        _ => "Invalid",
    };
}
