using CheckpointGen.Generators.Emit;
using CheckpointGen.Manifest;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>Reads what a generated class offers from the compiled symbols, for asserting exact identifiers.</summary>
internal static class GeneratedApi
{
    /// <summary>
    /// Every tensor accessor as a property path (<c>Dense.Kernel</c>) with the stored key it reads.
    /// Paths come from the compiled class; keys from the layout the emitter followed, after
    /// checking both list the same paths.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Accessors(GeneratorRun run, CheckpointManifest manifest)
    {
        var compiled = new List<string>();
        Walk(Type(run.Compilation, manifest.FullClassName), string.Empty, compiled);
        var layout = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(ClassLayout.Build(manifest).Root, string.Empty, layout);
        Assert.Equal(layout.Keys, compiled.OrderBy(p => p, StringComparer.Ordinal));
        return layout;
    }

    /// <summary>The constants of a nested static class such as <c>Names</c>: identifier → value.</summary>
    public static IReadOnlyDictionary<string, object?> Constants(Compilation compilation, string typeName) =>
        Type(compilation, typeName).GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).ToDictionary(f => f.Name, f => f.ConstantValue);

    /// <summary>The names of the types nested in <paramref name="typeName"/>.</summary>
    public static IReadOnlyList<string> NestedTypes(Compilation compilation, string typeName) =>
        Type(compilation, typeName).GetTypeMembers().Select(t => t.Name).ToList();

    public static INamedTypeSymbol Type(Compilation compilation, string metadataName) =>
        compilation.GetTypeByMetadataName(metadataName) ?? throw new InvalidOperationException($"The compilation has no type {metadataName}.");

    private static void Walk(INamedTypeSymbol type, string prefix, List<string> paths)
    {
        foreach (var property in type.GetMembers().OfType<IPropertySymbol>().Where(p => !p.IsStatic && p.DeclaredAccessibility == Accessibility.Public))
        {
            if (property.Type.Name is "CheckpointTensor" or "CheckpointStringTensor")
            {
                paths.Add(prefix + property.Name);
            }
            else if (SymbolEqualityComparer.Default.Equals(property.Type.ContainingType, type))
            {
                Walk((INamedTypeSymbol)property.Type, prefix + property.Name + ".", paths);
            }
        }
    }

    private static void Walk(ClassLayout.Scope scope, string prefix, SortedDictionary<string, string> paths)
    {
        foreach (var tensor in scope.Tensors)
        {
            paths.Add(prefix + tensor.Identifier, tensor.OriginalName);
        }
        foreach (var child in scope.Children)
        {
            Walk(child, prefix + child.PropertyName + ".", paths);
        }
    }
}
