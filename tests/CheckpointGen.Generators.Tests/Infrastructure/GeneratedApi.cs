using CheckpointGen.Contracts.Plan;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>Reads what a generated class offers from the compiled symbols, for asserting exact identifiers.</summary>
internal static class GeneratedApi
{
    /// <summary>
    /// Every tensor accessor as a property path (<c>Dense.Kernel</c>) with the stored key it reads.
    /// Paths come from the compiled class; keys from the plan the generator printed, after
    /// checking both list the same paths.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Accessors(GeneratorRun run, CheckpointPlan plan)
    {
        var compiled = new List<string>();
        Walk(Type(run.Compilation, plan.FullClassName), string.Empty, compiled);
        var scopePaths = new Dictionary<int, string> { [CheckpointPlan.RootScope] = string.Empty };
        foreach (var scope in plan.Scopes)
        {
            scopePaths[scope.Id] = scopePaths[scope.Parent] + scope.Property + ".";
        }
        var planned = new SortedDictionary<string, string>(plan.Tensors.ToDictionary(t => scopePaths[t.Scope] + t.Property, t => t.Key), StringComparer.Ordinal);
        Assert.Equal(planned.Keys, compiled.OrderBy(p => p, StringComparer.Ordinal));
        return planned;
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
}
