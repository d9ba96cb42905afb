using CheckpointGen.Build;
using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests;

namespace CheckpointGen.Planning.Tests.Worker;

/// <summary>
/// The worker as the targets run it: one request per item in the item's own folder, only the
/// out-of-date items planned, the others checked against; design-time builds lay weights out
/// without packing them.
/// </summary>
public sealed class WorkerSessionTests : IDisposable
{
    private const string Project = "/work/app/App.csproj";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "checkpointgen-planning-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void The_command_line_round_trips_and_refuses_what_it_is_not()
    {
        var command = new WorkerCommandLine(true, 1234, new[] { "/a/checkpointgen.request" }, new[] { "/b/checkpointgen.request" });

        var parsed = WorkerCommandLine.Parse(command.ToArguments().ToList())!;

        Assert.True(parsed.DesignTime);
        Assert.Equal(1234, parsed.EmbeddedWarningSize);
        Assert.Equal(command.Requests, parsed.Requests);
        Assert.Equal(command.Others, parsed.Others);
        Assert.Null(WorkerCommandLine.Parse(new[] { "--others", "/b/checkpointgen.request" }));
        Assert.Null(WorkerCommandLine.Parse(new[] { "--embedded-warning-size", "lots", "/a/checkpointgen.request" }));
        Assert.Null(WorkerCommandLine.Parse(new[] { "--unknown", "/a/checkpointgen.request" }));
    }

    [Fact]
    public void A_design_time_run_writes_the_plan_with_the_packed_layout_but_no_weights()
    {
        var request = Write("regression", "tf2onnx-regression/checkpoint/model", new ItemMetadata(ClassName: "Regression"));

        var designTime = Run(new WorkerCommandLine(true, WorkerCommandLine.DefaultEmbeddedWarningSize, new[] { request }, Array.Empty<string>()));
        var designPlan = File.ReadAllText(Path.Combine(_root, "regression", "Regression" + PlanFormat.Extension));
        var full = Run(new WorkerCommandLine(false, WorkerCommandLine.DefaultEmbeddedWarningSize, new[] { request }, Array.Empty<string>()));

        Assert.Equal((0, 0), (designTime.Exit, full.Exit));
        Assert.True(File.Exists(ItemLayout.OutputIndexFor(request, designTime: true)));
        Assert.True(File.Exists(Path.Combine(_root, "regression", "Regression.weights")));
        // Fixed-size tensors: the layout from the index is the packed one, so the full build leaves the plan as it was.
        Assert.Equal(designPlan, File.ReadAllText(Path.Combine(_root, "regression", "Regression" + PlanFormat.Extension)));
        var index = OutputIndex.Read(File.ReadAllText(ItemLayout.OutputIndexFor(request, designTime: false)), "outputs");
        Assert.Single(index.Resources);
    }

    [Fact]
    public void Design_time_packs_nothing()
    {
        var request = Write("regression", "tf2onnx-regression/checkpoint/model", new ItemMetadata(ClassName: "Regression"));

        var (exit, lines) = Run(new WorkerCommandLine(true, WorkerCommandLine.DefaultEmbeddedWarningSize, new[] { request }, Array.Empty<string>()));

        Assert.True(exit == 0, string.Join("\n", lines));
        Assert.False(File.Exists(Path.Combine(_root, "regression", "Regression.weights")));
        Assert.False(File.Exists(ItemLayout.OutputIndexFor(request, designTime: false)));
        Assert.Empty(OutputIndex.Read(File.ReadAllText(ItemLayout.OutputIndexFor(request, designTime: true)), "outputs").Resources);
    }

    [Fact]
    public void An_up_to_date_item_still_claims_its_class()
    {
        var planned = Write("a", "tf2onnx-regression/checkpoint/model", new ItemMetadata(ClassName: "Model", Mode: "Lazy"));
        var other = Write("b", "tfx-keras-savedmodel", new ItemMetadata(ClassName: "Model"));

        var (exit, lines) = Run(new WorkerCommandLine(false, WorkerCommandLine.DefaultEmbeddedWarningSize, new[] { planned }, new[] { other }));

        Assert.Equal(1, exit);
        Assert.Contains("error CG1009", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_above_the_warning_size_are_CG1033_and_still_packed()
    {
        var request = Write("regression", "tf2onnx-regression/checkpoint/model", new ItemMetadata(ClassName: "Regression"));

        var (exit, lines) = Run(new WorkerCommandLine(false, 1, new[] { request }, Array.Empty<string>()));

        Assert.Equal(0, exit);
        var line = Assert.Single(lines);
        Assert.StartsWith($"{Project} : warning CG1033: <Checkpoint Include=\"tf2onnx-regression/checkpoint/model\">: ", line, StringComparison.Ordinal);
        Assert.Contains("Mode=\"Lazy\"", line, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_root, "regression", "Regression.weights")));
    }

    /// <summary>Writes an item's request into its folder, as the task does; returns the request file.</summary>
    private string Write(string folder, string include, ItemMetadata metadata)
    {
        var directory = Path.Combine(_root, folder);
        var request = new BuildRequest(include, Path.Combine(FixturePaths.Root, include), Project, FixturePaths.Root, directory + Path.DirectorySeparatorChar, "Acme", metadata);
        var file = Path.Combine(directory, ItemLayout.RequestFileName);
        AtomicFile.WriteText(file, BuildRequestFormat.Write(new[] { request }));
        return file;
    }

    private static (int Exit, string[] Lines) Run(WorkerCommandLine command)
    {
        var log = new StringWriter();
        var exit = WorkerSession.Run(command, log);
        return (exit, log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
