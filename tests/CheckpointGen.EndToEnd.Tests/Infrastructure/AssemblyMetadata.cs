using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>What a built assembly declares, read from its metadata without loading it.</summary>
internal static class AssemblyMetadata
{
    public static IReadOnlyList<string> ResourceNames(string assemblyPath) =>
        Read(assemblyPath, m => m.ManifestResources.Select(h => m.GetString(m.GetManifestResource(h).Name)).ToList());

    /// <summary>The visibility of a top-level type, or null if the assembly does not define it.</summary>
    public static TypeAttributes? Visibility(string assemblyPath, string fullName) =>
        Read(assemblyPath, m => m.TypeDefinitions.Select(m.GetTypeDefinition)
            .Where(t => t.GetDeclaringType().IsNil && $"{m.GetString(t.Namespace)}.{m.GetString(t.Name)}" == fullName)
            .Select(t => (TypeAttributes?)(t.Attributes & TypeAttributes.VisibilityMask))
            .FirstOrDefault());

    private static T Read<T>(string assemblyPath, Func<MetadataReader, T> read)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        return read(pe.GetMetadataReader());
    }
}
