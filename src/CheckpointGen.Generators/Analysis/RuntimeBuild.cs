using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Analysis;

/// <summary>
/// What the CheckpointGen.Runtime assembly a compilation references offers. The build a project
/// compiles against is the build NuGet deploys with it (netstandard2.0, net8.0 or net10.0), so
/// generated element types follow it rather than the project's own framework: a net7.0 app has
/// <c>System.Half</c>, but the netstandard2.0 runtime build it gets reads float16 as raw bits.
/// </summary>
internal static class RuntimeBuild
{
    private const string StorageType = "CheckpointGen.Runtime.TensorStorage";
    private const string MetadataAttribute = "System.Reflection.AssemblyMetadataAttribute";

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
