using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Analysis;

/// <summary>The element type symbols behind the generated type names (<see cref="DTypes"/>), for comparing with a call's type argument.</summary>
internal static class ElementTypes
{
    public static ITypeSymbol? Resolve(Compilation compilation, string dtype, bool hasHalf)
    {
        var name = DTypes.ElementType(dtype, hasHalf);
        return name switch
        {
            null => null,
            "float" => compilation.GetSpecialType(SpecialType.System_Single),
            "double" => compilation.GetSpecialType(SpecialType.System_Double),
            "sbyte" => compilation.GetSpecialType(SpecialType.System_SByte),
            "short" => compilation.GetSpecialType(SpecialType.System_Int16),
            "int" => compilation.GetSpecialType(SpecialType.System_Int32),
            "long" => compilation.GetSpecialType(SpecialType.System_Int64),
            "byte" => compilation.GetSpecialType(SpecialType.System_Byte),
            "ushort" => compilation.GetSpecialType(SpecialType.System_UInt16),
            "uint" => compilation.GetSpecialType(SpecialType.System_UInt32),
            "ulong" => compilation.GetSpecialType(SpecialType.System_UInt64),
            "bool" => compilation.GetSpecialType(SpecialType.System_Boolean),
            _ => compilation.GetTypeByMetadataName(name.Replace("global::", string.Empty)),
        };
    }

    /// <summary>The type name as a user would write it, for messages.</summary>
    public static string Keyword(string dtype, bool hasHalf) =>
        (DTypes.ElementType(dtype, hasHalf) ?? "strings").Replace("global::", string.Empty);

    /// <summary>Whether <paramref name="asked"/> is ushort, the raw-bits type.</summary>
    public static bool IsRawBits(ITypeSymbol asked) => asked.SpecialType == SpecialType.System_UInt16;
}
