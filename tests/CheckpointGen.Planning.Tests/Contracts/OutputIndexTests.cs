using CheckpointGen.Contracts;

namespace CheckpointGen.Planning.Tests.Contracts;

/// <summary>The output index the worker writes and the task reads on every build: strict, never skipping a line it does not understand.</summary>
public sealed class OutputIndexTests
{
    [Fact]
    public void Every_entry_round_trips()
    {
        var index = new OutputIndex();
        index.Plans.Add("/o/M.cgplan");
        index.Resources.Add(("/o/M.weights", "Acme.M.weights"));
        index.Copies.Add(("/c/m.index", "checkpoints/M/m.index"));
        index.Inputs.Add("/c/with\ttab");

        var read = OutputIndex.Read(index.Write(), "outputs");

        Assert.Equal(index.Plans, read.Plans);
        Assert.Equal(index.Resources, read.Resources);
        Assert.Equal(index.Copies, read.Copies);
        Assert.Equal(index.Inputs, read.Inputs);
    }

    [Theory]
    [InlineData("manifest\t/o/M.cgmanifest\n", 1, "expected the header 'checkpointgen-outputs<TAB>1'")]
    [InlineData("checkpointgen-outputs\t1\nplan\t/a\nmanifest\t/o/M.cgmanifest\n", 3, "unknown record 'manifest'; expected plan, resource, copy or input")]
    [InlineData("checkpointgen-outputs\t1\nresource\t/o/M.weights\n", 2, "'resource' needs 2 field(s) after it, found 1")]
    [InlineData("checkpointgen-outputs\t1\ninput\t/a\\\n", 2, "a field ends with a lone backslash")]
    public void Malformed_lines_are_errors_with_the_line(string text, int line, string reason)
    {
        var e = Assert.Throws<ContractFormatException>(() => OutputIndex.Read(text, "outputs"));

        Assert.Equal(line, e.Line);
        Assert.Equal(reason, e.Reason.Split(", found '")[0]);
    }
}
