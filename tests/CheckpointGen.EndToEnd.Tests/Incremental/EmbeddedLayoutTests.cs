using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Incremental;

/// <summary>
/// What README says about where embedded weights lie: the packed weights are the resource's bytes,
/// after the 4-byte length prefix the compiler writes, so tensors are 64-byte aligned within the
/// resource only; where the image puts the resource is the compiler's choice.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class EmbeddedLayoutTests
{
    private readonly IncrementalConsumer _consumer;

    public EmbeddedLayoutTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new IncrementalConsumer(w));

    [Fact]
    public void The_resource_is_the_packed_weights_after_a_length_prefix()
    {
        _consumer.Reset();
        var weights = _consumer.GeneratedFiles().Keys.Single(f => Path.GetFileName(f) == "Taxi.weights");

        using var stream = File.OpenRead(Path.Combine(_consumer.Project.OutputDirectory, _consumer.Project.Name + ".dll"));
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var resource = metadata.ManifestResources.Select(metadata.GetManifestResource).Single(r => metadata.GetString(r.Name) == "E2E.Taxi.weights");
        var image = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress).GetContent();
        var packed = File.ReadAllBytes(weights);

        Assert.Equal(packed.Length, BitConverter.ToInt32(image.AsSpan()[(int)resource.Offset..]));
        Assert.True(image.AsSpan((int)resource.Offset + sizeof(int), packed.Length).SequenceEqual(packed));
    }
}
