using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Filtering;

/// <summary>
/// The filters are IncludeVariables/ExcludeVariables. Their old names, Include and Exclude, are
/// MSBuild's own item attributes: as child elements they still filter (with warning CG1031), and
/// an Exclude attribute, which MSBuild turns into a file exclude, is error CG1032 at its line.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FilterMetadataNameTests
{
    private static readonly string[] Biases = { "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_1/bias", "dnn/hiddenlayer_2/bias", "dnn/hiddenlayer_3/bias", "dnn/logits/bias" };

    private readonly ScratchConsumer _scratch;

    public FilterMetadataNameTests(EndToEndWorkspace workspace) => _scratch = workspace.Shared(w => new ScratchConsumer(w));

    [Fact]
    public void Old_child_element_names_still_filter_with_warning_CG1031()
    {
        var item = new CheckpointItem(Fixtures.TwoShardPrefix, "OldNames")
        {
            ChildElements = new Dictionary<string, string> { ["Include"] = "dnn/**", ["Exclude"] = "**/kernel" },
        };

        // TreatWarningsAsErrors is the compiler's: MSBuild warnings from tasks stay warnings.
        var build = _scratch.Build(item);

        Assert.True(build.Succeeded, build.ToString());
        var warnings = BuildDiagnostic.Parse(build).Where(d => d.Code == "CG1031").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(_scratch.Project.ProjectFile, w.Origin));
        Assert.Contains(warnings, w => w.Message.Contains("IncludeVariables", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains("ExcludeVariables", StringComparison.Ordinal));
        ListingAssert.Holds(Fixtures.TwoShard, _scratch.Project.RunDump()["OldNames"], Biases);
    }

    [Fact]
    public void An_Exclude_attribute_is_CG1032_at_its_line()
    {
        var item = new CheckpointItem(Fixtures.TwoShardPrefix, "ExcludeAttribute")
        {
            RawAttributes = new Dictionary<string, string> { ["Exclude"] = "**/kernel" },
        };

        var error = BuildDiagnostic.SingleError(_scratch.Build(item), "CG1032");

        var line = File.ReadAllLines(_scratch.Project.ProjectFile).ToList().FindIndex(l => l.Contains("Exclude=", StringComparison.Ordinal)) + 1;
        Assert.Equal(_scratch.Project.ProjectFile, error.Origin);
        Assert.Equal(line, error.Line);
        Assert.Contains("ExcludeVariables=\"**/kernel\"", error.Message, StringComparison.Ordinal);
    }
}
