namespace CheckpointGen.Planning.Storage;

/// <summary>How a build places the weights of the items it plans.</summary>
/// <param name="DesignTime">
/// An IDE's design-time build: the layout comes from the index alone, no weights are packed and
/// no tensor is read (a full build rewrites the plan with the packed layout).
/// </param>
/// <param name="Embedded">What the project's Embedded items may still put into the assembly.</param>
internal sealed record StorageOptions(bool DesignTime, EmbeddedBudget Embedded)
{
    /// <summary>A full build of items alone (<c>checkpointgen generate</c>, tests).</summary>
    public static StorageOptions Full() => new(false, new EmbeddedBudget());
}
