using CheckpointGen.Build;
using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests;

namespace CheckpointGen.Planning.Tests.Worker;

/// <summary>
/// The worker on real fixtures: every diagnostic is an MSBuild diagnostic on the project file
/// naming the item; success writes one plan per item and an index listing it.
/// </summary>
public sealed class BuildWorkerTests : IDisposable
{
    private const string Project = "/work/app/App.csproj";
    private readonly string _output = Path.Combine(Path.GetTempPath(), "checkpointgen-planning-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public void Bad_metadata_is_an_error_on_the_project_file_naming_the_item()
    {
        var (exit, lines) = Run(Item("tf2onnx-regression/checkpoint/model", new ItemMetadata(Namespace: "Acme.event")));

        Assert.Equal(1, exit);
        Assert.Equal(
            $"{Project} : error CG1005: <Checkpoint Include=\"tf2onnx-regression/checkpoint/model\">: Namespace=\"Acme.event\" is not a C# namespace: its part 'event' is the C# keyword 'event'",
            Assert.Single(lines));
        Assert.False(File.Exists(Path.Combine(_output, "outputs")));
    }

    [Fact]
    public void A_missing_checkpoint_is_CG1001_on_the_project_file_with_the_path_in_the_message()
    {
        var (exit, lines) = Run(Item("no/such/model.ckpt-1", new ItemMetadata(ClassName: "Missing")));

        Assert.Equal(1, exit);
        var line = Assert.Single(lines);
        Assert.StartsWith($"{Project} : error CG1001: <Checkpoint Include=\"no/such/model.ckpt-1\">: ", line, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(FixturePaths.Root, "no", "such"), line, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_items_for_one_class_are_CG1009()
    {
        var (exit, lines) = Run(
            Item("tf2onnx-regression/checkpoint/model", new ItemMetadata(ClassName: "Regression", Mode: "Lazy")),
            Item("tf2onnx-regression/checkpoint/model", new ItemMetadata(ClassName: "Regression", Mode: "Lazy")));

        Assert.Equal(1, exit);
        Assert.StartsWith($"{Project} : error CG1009: <Checkpoint Include=\"tf2onnx-regression/checkpoint/model\">: another <Checkpoint> item already generates the class Acme.Regression", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Success_writes_a_plan_per_item_and_an_index_of_everything()
    {
        var (exit, lines) = Run(
            Item("tf2onnx-regression/checkpoint/model", new ItemMetadata(ClassName: "Regression")),
            Item("tfx-keras-savedmodel", new ItemMetadata(Mode: "Lazy", Rename: "layer_with_weights-0/=First")));

        Assert.True(exit == 0, string.Join("\n", lines));
        var index = OutputIndex.Read(File.ReadAllText(Path.Combine(_output, "outputs")), "outputs");
        Assert.Equal(new[] { Path.Combine(_output, "Regression.cgplan"), Path.Combine(_output, "TfxKerasSavedmodel.cgplan") }, index.Plans);
        Assert.Equal(("Acme.Regression.weights"), Assert.Single(index.Resources).LogicalName);
        var keras = PlanFormat.Read(File.ReadAllText(index.Plans[1]), index.Plans[1]);
        var first = Assert.Single(keras.Members, m => m.Type == CheckpointPlan.RootScope && m.Property == "First");
        Assert.Equal("First_Scope", keras.Types[first.Child - 1].ClassName);
        // The scope is the Keras layer dense; Rename also takes its positional object path.
        Assert.Equal("dense", keras.Types[first.Child - 1].Path);
    }

    private static BuildRequest Item(string include, ItemMetadata metadata) => new(
        include, Path.Combine(FixturePaths.Root, include), Project, FixturePaths.Root, string.Empty, "Acme", metadata);

    private (int Exit, string[] Lines) Run(params BuildRequest[] requests)
    {
        var log = new StringWriter();
        var exit = BuildWorker.Run(requests.Select(r => r with { OutputDirectory = _output }).ToList(), Path.Combine(_output, "outputs"), log);
        return (exit, log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
