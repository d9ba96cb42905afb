using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Incremental;

/// <summary>
/// What README says about where embedded weights lie: tensors start at multiples of 64 bytes
/// within the packed weights, but the compiler puts each resource after a 4-byte length prefix
/// at an 8-byte boundary of the image, so in the assembly the weights begin 4 bytes past an
/// 8-byte boundary and tensors are not 64-byte aligned there.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class EmbeddedLayoutTests
{
    private readonly IncrementalConsumer _consumer;

    public EmbeddedLayoutTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new IncrementalConsumer(w));

    [Fact]
    public void Weights_begin_four_bytes_past_an_eight_byte_boundary_of_the_image()
    {
        _consumer.Reset();
        var weights = _consumer.GeneratedFiles().Keys.Single(f => Path.GetFileName(f) == "Taxi.weights");

        using var stream = File.OpenRead(Path.Combine(_consumer.Project.OutputDirectory, _consumer.Project.Name + ".dll"));
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var resource = metadata.ManifestResources.Select(metadata.GetManifestResource).Single(r => metadata.GetString(r.Name) == "E2E.Taxi.weights");
        var dataRva = pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress + resource.Offset + sizeof(int);

        Assert.Equal(4, dataRva % 8);
        var image = pe.GetSectionData(pe.PEHeaders.CorHeader.ResourcesDirectory.RelativeVirtualAddress).GetContent();
        Assert.Equal(new FileInfo(weights).Length, BitConverter.ToInt32(image.AsSpan()[(int)resource.Offset..]));
    }
}
