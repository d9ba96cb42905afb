using System.Globalization;
using CheckpointGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests.Diagnostics;

/// <summary>
/// A manifest the generator cannot use (truncated, hand-edited, from another version) is one
/// CG2001 error naming the file and the reason; the generator never throws and emits nothing
/// for it, and other manifests still generate.
/// </summary>
public sealed class MalformedManifestTests
{
    private const string Head = "checkpointgen-manifest\t1\nclass\tModel\nnamespace\tModels\naccess\tpublic\nmode\tLazy\n";

    [Theory]
    [InlineData("", "missing class or mode")]
    [InlineData("\0\u0001\u0002binary\u00ff", "line 1: expected 'checkpointgen-manifest\\t1'")]
    [InlineData("not-a-manifest\t1\nclass\tModel\nmode\tLazy\n", "line 1: expected 'checkpointgen-manifest\\t1'")]
    [InlineData("checkpointgen-manifest\t2\nclass\tModel\nmode\tLazy\n", "line 1: expected 'checkpointgen-manifest\\t1'")]
    [InlineData("checkpointgen-manifest\t1\nclass\tModel\n", "missing class or mode")]
    [InlineData("checkpointgen-manifest\t1\nclass\tModel\nmode\tEager\n", "missing class or mode")]
    [InlineData(Head + "tensor\tw\t\tfloat32\t4\n", "line 6: 'tensor' needs 7 fields, found 4")]
    [InlineData(Head + "tensor\tw\t\tfloat32\t4,x\tmodel\t-1\t16\n", "line 6: 'x' is not an integer")]
    [InlineData(Head + "tensor\tw\t\tfloat32\t4\tmodel\t-1\t99999999999999999999\n", "line 6: '99999999999999999999' is not an integer")]
    [InlineData(Head + "input\tserving_default\tx\tx:0\tfloat32\t-1,3\n", "line 6: input for undeclared signature 'serving_default'")]
    [InlineData("checkpointgen-manifest\t1\nclass\t2fast\nmode\tLazy\n", "class '2fast' is not a C# identifier")]
    [InlineData("checkpointgen-manifest\t1\nclass\tclass\nmode\tLazy\n", "class 'class' is not a C# identifier")]
    [InlineData("checkpointgen-manifest\t1\nclass\tModel\nnamespace\tModels..Bad\naccess\tpublic\nmode\tLazy\n", "namespace 'Models..Bad' is not a C# namespace")]
    [InlineData("checkpointgen-manifest\t1\nclass\tModel\naccess\tprivate\nmode\tLazy\n", "access 'private' is neither public nor internal")]
    [InlineData(Head + "tensor\tw\t\tfloat99\t4\tmodel\t-1\t16\n", "tensor 'w' has the unknown dtype 'float99'")]
    [InlineData(Head + "tensor\tw\t\tfloat32\t-4\tmodel\t-1\t16\n", "tensor 'w' has a negative dimension, size or offset")]
    [InlineData(Head + "tensor\tw\t\tfloat32\t4\tmodel\t-1\t16\ntensor\tw\t\tfloat32\t4\tmodel\t-1\t16\n", "tensor 'w' is listed twice")]
    public void Reports_CG2001_and_generates_nothing(string text, string reason)
    {
        var manifest = TestAdditionalText.Manifest(text);

        var run = GeneratorHarness.Run(GeneratorHarness.Compilation("class User { }"), manifest).AssertNoCrash();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CG2001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            $"The checkpoint manifest '{manifest.Path}' written by the build is unreadable: {reason}; rebuild to regenerate it",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(run.Single.GeneratedSources);
    }

    [Fact]
    public void An_unreadable_file_reports_CG2001()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compilation(), new TestAdditionalText("/project/obj/Model.cgmanifest", null)).AssertNoCrash();

        Assert.Contains("the file could not be read", Assert.Single(run.Diagnostics).GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_manifest_does_not_stop_the_others()
    {
        var good = TestAdditionalText.Manifest(new TestManifest("Good").Tensor("w").Text(), "Good");
        var bad = TestAdditionalText.Manifest("garbage", "Bad");

        var run = GeneratorHarness.Run(GeneratorHarness.Compilation(), good, bad).AssertNoCrash().AssertCompilesCleanly();

        Assert.Equal("CG2001", Assert.Single(run.Diagnostics).Id);
        Assert.Equal("Models.Good.g.cs", Assert.Single(run.Single.GeneratedSources).HintName);
    }

    [Fact]
    public void A_manifest_with_no_tensors_generates_a_class_that_compiles()
    {
        var run = GeneratorHarness.Generate(new TestManifest().Text()).AssertNoCrash().AssertCompilesCleanly();

        Assert.Empty(run.Diagnostics);
        Assert.NotNull(run.Compilation.GetTypeByMetadataName("Models.Model"));
    }
}
