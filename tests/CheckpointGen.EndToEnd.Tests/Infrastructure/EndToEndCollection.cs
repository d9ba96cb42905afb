namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Every end-to-end test shares one packed feed and runs one at a time: builds are CPU-bound
/// and several at once would only slow each other down (and contend for the NuGet cache).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndWorkspace>
{
    public const string Name = "End to end";
}
