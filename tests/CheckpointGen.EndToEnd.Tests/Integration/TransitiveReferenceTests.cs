using System.Reflection;
using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Integration;

/// <summary>CheckpointGen through a project reference, and under the strictest settings a library uses.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TransitiveReferenceTests
{
    private readonly TransitiveConsumer _consumer;

    public TransitiveReferenceTests(EndToEndWorkspace workspace) => _consumer = workspace.Shared(w => new TransitiveConsumer(w));

    [Fact]
    public void An_app_that_gets_the_package_through_a_project_reference_compiles_its_own_checkpoint()
    {
        var model = _consumer.Output["TwoShard"];

        Assert.False(model.IsMapped);
        ListingAssert.Holds(Fixtures.TwoShard, model, Fixtures.EstimatorWeights(Fixtures.TwoShard));
    }

    [Fact]
    public void A_library_class_is_usable_from_the_referencing_app()
    {
        ListingAssert.Holds(Fixtures.Keras, _consumer.Output["Keras"], Fixtures.KerasWeights);
    }

    [Fact]
    public void Access_sets_the_visibility_of_the_generated_class()
    {
        Assert.Equal(TypeAttributes.Public, AssemblyMetadata.Visibility(Path.Combine(_consumer.Library.OutputDirectory, "Lib.dll"), "E2E.Lib.Keras"));
        Assert.Equal(TypeAttributes.NotPublic, AssemblyMetadata.Visibility(Path.Combine(_consumer.App.OutputDirectory, "App.dll"), "E2E.TwoShard"));
    }

    [Fact]
    public void Generated_code_builds_without_warnings_under_strict_settings()
    {
        var warnings = BuildDiagnostic.Parse(_consumer.Build).Where(d => d.Severity == "warning").ToList();

        Assert.True(warnings.Count == 0, "Warnings:\n" + string.Join('\n', warnings));
        Assert.True(File.Exists(Path.Combine(_consumer.Library.OutputDirectory, "Lib.xml")), "the library's documentation file was not written");
    }
}
