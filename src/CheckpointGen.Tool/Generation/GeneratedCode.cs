namespace CheckpointGen.Tool.Generation;

/// <summary>What <c>generate</c> wrote.</summary>
/// <param name="ClassName">The generated class, with its namespace.</param>
/// <param name="SourcePath">The C# file.</param>
/// <param name="WeightsPath">Embedded mode: the packed weights to embed; otherwise null.</param>
/// <param name="ResourceName">Embedded mode: the resource's LogicalName the class loads; otherwise null.</param>
/// <param name="TensorCount">How many tensors the class exposes.</param>
/// <param name="Collisions">Warnings about names that map to the same identifier, as the build reports them (CG2002).</param>
internal sealed record GeneratedCode(string ClassName, string SourcePath, string? WeightsPath, string? ResourceName, int TensorCount, IReadOnlyList<string> Collisions);
