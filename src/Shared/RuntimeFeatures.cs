namespace CheckpointGen;

/// <summary>
/// The assembly metadata (<see cref="System.Reflection.AssemblyMetadataAttribute"/>) by which a
/// build of CheckpointGen.Runtime says which optional element types it offers. The source
/// generator and analyzer read it from the runtime assembly a project compiles against, so the
/// element types of generated code follow the runtime build deployed with the app, not the
/// project's own target framework.
/// </summary>
internal static class RuntimeFeatures
{
    /// <summary>Present with the value <see cref="Offered"/> in builds whose tensors read float16 as <c>System.Half</c>.</summary>
    public const string Half = "CheckpointGen.Runtime.Half";

    /// <summary>The metadata value that marks a feature as offered.</summary>
    public const string Offered = "true";
}
