using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Analysis;

/// <summary>
/// What the runtime assemblies a compilation references offer. Generated code needs
/// CheckpointGen.Runtime.Accessors (which the CheckpointGen package brings); reading checkpoint
/// files at run time needs CheckpointGen.Runtime too, which only some projects add.
/// The accessor build a project compiles against is the build NuGet deploys with it (netstandard2.0, net8.0 or net10.0), so
/// generated element types follow it rather than the project's own framework: a net7.0 app has
/// <c>System.Half</c>, but the netstandard2.0 build it gets reads float16 as raw bits.
/// </summary>
internal static class RuntimeBuild
{
    private const string StorageType = "CheckpointGen.Runtime.TensorStorage";
    private const string MappedStorageType = "CheckpointGen.Runtime.MappedTensorStorage";
    private const string MetadataAttribute = "System.Reflection.AssemblyMetadataAttribute";

    /// <summary>Whether the full runtime is referenced, so generated classes can open checkpoint files (Lazy mode, <c>Open(path)</c>).</summary>
    public static bool ReadsFiles(Compilation compilation) => compilation.GetTypeByMetadataName(MappedStorageType) is not null;

    /// <summary>Whether the referenced runtime reads float16 tensors as <c>System.Half</c> (see <see cref="RuntimeFeatures.Half"/>).</summary>
    public static bool OffersHalf(Compilation compilation)
    {
        var runtime = compilation.GetTypeByMetadataName(StorageType)?.ContainingAssembly;
        if (runtime is null)
        {
            return false;
        }
        foreach (var attribute in runtime.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == MetadataAttribute
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value as string == RuntimeFeatures.Half
                && attribute.ConstructorArguments[1].Value as string == RuntimeFeatures.Offered)
            {
                return true;
            }
        }
        return false;
    }
}
