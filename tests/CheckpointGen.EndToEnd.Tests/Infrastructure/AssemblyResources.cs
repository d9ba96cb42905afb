using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>The manifest resources an assembly embeds, read from its metadata without loading it.</summary>
internal static class AssemblyResources
{
    public static IReadOnlyList<string> Names(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.ManifestResources.Select(h => metadata.GetString(metadata.GetManifestResource(h).Name)).ToList();
    }
}
