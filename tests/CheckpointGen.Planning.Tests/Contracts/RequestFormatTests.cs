using CheckpointGen.Contracts;

namespace CheckpointGen.Planning.Tests.Contracts;

/// <summary>The request the task writes and the worker reads: every value survives, and anything else is rejected with its line.</summary>
public sealed class RequestFormatTests
{
    private static readonly BuildRequest Awkward = new(
        "models/a\tb\\c\nd", "/p/models/a", "/p/App.csproj", "/p", "/p/obj/checkpointgen", "Acme",
        new ItemMetadata("Model", "Acme.Models", "internal", "lazy", "All", "dnn/**;!**/Adam", "**/global_step", "dense/=Layer", "false"));

    [Fact]
    public void Every_field_round_trips_including_tabs_newlines_and_backslashes()
    {
        var text = BuildRequestFormat.Write(new[] { Awkward, Awkward with { ItemSpec = "second" } });

        var read = BuildRequestFormat.Read(text, "req");

        Assert.Equal(new[] { Awkward, Awkward with { ItemSpec = "second" } }, read);
        Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("item\t", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("checkpointgen-request\t2\n", 1, "expected the header 'checkpointgen-request<TAB>1'")]
    [InlineData("checkpointgen-request\t1\nfull-path\t/x\n", 2, "'full-path' before the first 'item'")]
    [InlineData("checkpointgen-request\t1\nitem\tx\nfull-path\t/x\n", 2, "item 'x' has no 'project-file'")]
    [InlineData("checkpointgen-request\t1\nitem\tx\nfull-path\t/x\nfull-path\t/y\n", 4, "'full-path' given twice for item 'x'")]
    [InlineData("checkpointgen-request\t1\nitem\tx\ncolour\tred\n", 3, "unknown field 'colour'")]
    [InlineData("checkpointgen-request\t1\nitem\tx\nmetadata\tColour\tred\n", 3, "unknown field 'metadata Colour'")]
    [InlineData("checkpointgen-request\t1\nitem\tx\tY\n", 2, "'item' needs 1 field(s) after it, found 2")]
    public void Malformed_requests_are_rejected_with_the_line_and_what_was_expected(string text, int line, string reason)
    {
        var e = Assert.Throws<ContractFormatException>(() => BuildRequestFormat.Read(text, "req"));

        Assert.Equal("req", e.File);
        Assert.Equal(line, e.Line);
        Assert.StartsWith(reason, e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_missing_a_metadata_value_is_rejected()
    {
        var text = BuildRequestFormat.Write(new[] { Awkward }).Replace("metadata\tRename\tdense/=Layer\n", string.Empty, StringComparison.Ordinal);

        var e = Assert.Throws<ContractFormatException>(() => BuildRequestFormat.Read(text, "req"));

        Assert.Equal("item 'models/a\tb\\c\nd' has no 'metadata Rename'", e.Reason);
    }
}
