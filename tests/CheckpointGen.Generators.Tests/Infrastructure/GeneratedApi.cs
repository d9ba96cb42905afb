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
        var planned = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(plan, CheckpointPlan.RootScope, 0, string.Empty, planned);
        Assert.Equal(planned.Keys, compiled.OrderBy(p => p, StringComparer.Ordinal));
        Assert.Equal(plan.Tensors.Count, planned.Count);
        return planned;
    }

    /// <summary>The accessor paths the plan gives, each with the key of the tensor it reads.</summary>
    private static void Walk(CheckpointPlan plan, int type, int first, string prefix, SortedDictionary<string, string> paths)
    {
        foreach (var m in plan.Members.Where(m => m.Type == type))
        {
            if (m.IsTensor)
            {
                paths.Add(prefix + m.Property, plan.Tensors[first + m.Offset].Key);
            }
            else
            {
                Walk(plan, m.Child, first + m.Offset, prefix + m.Property + ".", paths);
            }
        }
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
            else if (property.Type.Name.Contains("_Scope", StringComparison.Ordinal))
            {
                Walk((INamedTypeSymbol)property.Type, prefix + property.Name + ".", paths);
            }
        }
    }
}
