using System.Globalization;
using CheckpointGen.EndToEnd.Tests.Infrastructure;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.EndToEnd.Tests.Inference;

/// <summary>
/// A user's project with only the CheckpointGen package and &lt;Checkpoint&gt; items that compile
/// graphs — a frozen GraphDef with Outputs and a SavedModel's signatures — built for net8.0 and
/// net10.0 with warnings as errors, run, and published with NativeAOT: the generated methods
/// compute what TensorFlow computes (the TensorFlow.js oracle on the same graph and inputs).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class InferenceConsumerTests
{
    private const int Batch = 2;
    private static readonly string[] Frameworks = { "net8.0", "net10.0" };
    private static readonly string FcLayersGraph = FixturePaths.Get("tf2onnx-frozen-fc-layers/frozen.pb");

    private readonly ConsumerProject _project;

    public InferenceConsumerTests(EndToEndWorkspace workspace) => _project = workspace.Shared(w => Create(w)).Project;

    [Fact]
    public void The_package_alone_brings_inference_and_both_frameworks_predict_as_tensorflow()
    {
        _project.BuildSuccessfully();

        foreach (var framework in Frameworks)
        {
            // Only the .NET 10 runtime is installed here; the net8.0 build runs on it by rolling forward.
            var run = DotnetCli.RunWith(new Dictionary<string, string?> { ["DOTNET_ROLL_FORWARD"] = "Major" },
                "dotnet", _project.Directory, Path.Combine(_project.Directory, "bin", "Debug", framework, _project.Name + ".dll"));
            AssertPredictions(run, framework);
        }
    }

    [Fact]
    public void The_consumer_publishes_with_nativeaot_without_warnings_and_predicts_the_same()
    {
        var publishDirectory = Path.Combine(_project.Directory, "publish-aot");

        var publish = DotnetCli.Run(_project.Directory, DotnetCli.BuildTimeout,
            "publish", _project.ProjectFile, "-c", "Release", "-f", "net10.0", "-r", "linux-x64", "-p:PublishAot=true", "-o", publishDirectory, "-nodeReuse:false", "-nologo");

        Assert.True(publish.Succeeded, publish.ToString());
        Assert.DoesNotContain(publish.AllOutput.Split('\n'), l => l.Contains("warning IL", StringComparison.Ordinal));
        AssertPredictions(DotnetCli.RunExecutable(Path.Combine(publishDirectory, _project.Name), publishDirectory), "NativeAOT");
    }

    private static void AssertPredictions(ProcessResult run, string what)
    {
        Assert.True(run.Succeeded, run.ToString());
        var pixels = Enumerable.Range(0, Batch * 784).Select(i => ((i * 37 % 101) - 50) / 50f).ToArray();
        var expected = Oracle.Get(pixels);
        var actual = run.OutputLines.Where(l => l.StartsWith("fc[", StringComparison.Ordinal))
            .Select(l => float.Parse(l[(l.IndexOf('=') + 1)..], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-4 * Math.Abs(expected[i]),
                $"{what}: fc[{i}] is {actual[i]:R}, TensorFlow computes {expected[i]:R}");
        }
        // half_plus_two's contract: y = 0.5 x + 2.
        Assert.Contains("half_plus_two = 0, 2.5, 3.25", run.OutputLines);
        // Parsed from serialized tf.Examples by the generated code: x = -4 and 6.
        Assert.Contains("regress_x_to_y = 0, 5", run.OutputLines);
    }

    private static SharedConsumer Create(EndToEndWorkspace workspace)
    {
        var project = new ConsumerProject(workspace, "inference", withTensorDump: false);
        var items = new[]
        {
            new CheckpointItem(FcLayersGraph, "FcLayers") { Outputs = "output" },
            new CheckpointItem(FixturePaths.Get("serving-saved_model_half_plus_two_cpu/00000123"), "HalfPlusTwo"),
        };
        project.WriteProject(new ProjectSpec(items)
        {
            ReferencesFullRuntime = false,
            Properties = new Dictionary<string, string> { ["TargetFramework"] = string.Empty, ["TargetFrameworks"] = string.Join(';', Frameworks) },
        });
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumers", "Inference", "Program.cs"), Path.Combine(project.Directory, "Program.cs"));
        return new SharedConsumer(project);
    }

    /// <summary>The consumer, built once for both tests.</summary>
    private sealed record SharedConsumer(ConsumerProject Project);

    /// <summary>TensorFlow's answer for the fc-layers graph, asked once.</summary>
    private static class Oracle
    {
        private static float[]? s_values;

        public static float[] Get(float[] pixels) => s_values ??=
            TfjsOracle.Run(File.ReadAllBytes(FcLayersGraph), new Dictionary<string, OracleTensor> { ["X"] = OracleTensor.Float(pixels, Batch, 784) }, "output")["output"].Values;
    }
}
