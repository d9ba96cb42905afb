using System.Globalization;
using System.Text.RegularExpressions;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;

namespace CheckpointGen.Tool.Tests.Generate;

/// <summary>
/// <c>generate</c> writes what the build generates: the same class as the generator's reviewed
/// snapshots for the same item (run from the fixtures folder as the snapshots' project folder),
/// and the packed weights the class reads.
/// </summary>
public sealed class GenerateCommandTests
{
    private static readonly string Snapshots = Path.Combine(FixturePaths.RepoRoot, "tests", "CheckpointGen.Generators.Tests", "Snapshots");

    [Theory]
    [InlineData("tf2onnx-regression/checkpoint/model", "Regression", "Lazy")]
    [InlineData("tf2onnx-regression/checkpoint/model", "Regression", "Embedded")]
    [InlineData("tfx-taxi-estimator-2shard", "TaxiEstimator", "Embedded")]
    [InlineData("serving-saved_model_half_plus_two_tf2_cpu/00000123", "HalfPlusTwo", "Embedded")]
    [InlineData("serving-saved_model_half_plus_two_cpu/00000123", "HalfPlusTwoTf1", "Embedded")]
    [InlineData("tfx-keras-savedmodel", "TaxiKeras", "Embedded")]
    [InlineData("tfnet-keras-lstm_from_sequential", "LstmSequential", "Embedded")]
    public void The_class_is_the_one_the_generator_produces(string fixture, string className, string mode)
    {
        using var folder = new TempFolder();

        var run = ToolProcess.Run(FixturePaths.Root, "generate", fixture, "-o", folder.Path, "--class", className, "--namespace", "Models", "--mode", mode);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var snapshot = Path.Combine(Snapshots, $"GeneratedCodeSnapshotTests.Generates_code_for_real_checkpoint_{className}_{mode}.verified.cs");
        var generated = File.ReadAllText(Path.Combine(folder.Path, className + ".g.cs"));
        Assert.Equal(File.ReadAllText(snapshot).ReplaceLineEndings("\n"), ScrubVersion(generated).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_tf_example_serving_signature_gets_a_method_taking_serialized_examples()
    {
        using var folder = new TempFolder();

        var run = ToolProcess.Run(FixturePaths.Root, "generate", "tfx-keras-savedmodel", "-o", folder.Path, "--class", "TaxiKeras", "--namespace", "Models");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var generated = File.ReadAllText(Path.Combine(folder.Path, "TaxiKeras.g.cs"));
        Assert.Contains("public void ServingDefault(global::System.ReadOnlySpan<global::System.ReadOnlyMemory<byte>> examples, global::System.Span<float> output0)", generated, StringComparison.Ordinal);
        Assert.Equal(4, generated.Split("global::CheckpointGen.Inference.Graphs.Examples.Dense(examples, ").Length - 1);
    }

    [Fact]
    public void Embedded_weights_hold_each_tensor_where_the_class_reads_it()
    {
        using var folder = new TempFolder();
        var prefix = FixturePaths.Get("tfx-taxi-estimator-2shard/model.ckpt-10000");

        var run = ToolRun.InProcess("generate", prefix, "-o", folder.Path, "--namespace", "Models.Taxi", "--class", "Taxi");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains($"<EmbeddedResource Include=\"{Path.Combine(folder.Path, "Taxi.weights")}\" LogicalName=\"Models.Taxi.Taxi.weights\" />", run.Out);
        var weights = File.ReadAllBytes(Path.Combine(folder.Path, "Taxi.weights"));
        var descriptors = Descriptors(File.ReadAllText(Path.Combine(folder.Path, "Taxi.g.cs")));
        using var checkpoint = Checkpoint.Open(prefix);
        Assert.Equal(20, descriptors.Count);
        foreach (var (key, offset, length) in descriptors)
        {
            Assert.Equal(checkpoint.ReadBytes(key), weights.AsSpan((int)offset, (int)length).ToArray());
        }
    }

    [Fact]
    public void Json_names_the_files_and_lazy_mode_writes_no_weights()
    {
        using var folder = new TempFolder();

        var run = ToolRun.InProcess("generate", FixturePaths.Get("tf2onnx-regression/checkpoint"), "-o", folder.Path, "--mode", "lazy", "--access", "internal", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = run.Json();
        Assert.Equal("Checkpoint", json.RootElement.GetProperty("class").GetString());
        Assert.Equal(Path.Combine(folder.Path, "Checkpoint.g.cs"), json.RootElement.GetProperty("source").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("weights").ValueKind);
        Assert.Equal(new[] { Path.Combine(folder.Path, "Checkpoint.g.cs") }, Directory.GetFiles(folder.Path));
        Assert.Contains("internal sealed partial class Checkpoint", File.ReadAllText(Path.Combine(folder.Path, "Checkpoint.g.cs")));
    }

    [Theory]
    [InlineData("--class", "1Model")]
    [InlineData("--namespace", "My..Models")]
    [InlineData("--namespace", "Acme.event")]
    [InlineData("--class", "class")]
    [InlineData("--class", "model")]
    [InlineData("--access", "private")]
    [InlineData("--mode", "Eager")]
    [InlineData("--rename", "W=int")]
    [InlineData("--rename", "nothing=Nothing")]
    public void Names_that_are_not_csharp_are_usage_errors(string option, string value)
    {
        using var folder = new TempFolder();

        var run = ToolRun.InProcess("generate", FixturePaths.Get("tf2onnx-regression/checkpoint"), "-o", folder.Path, option, value);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(value, Assert.Single(run.ErrorLines));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Damaged_keras_metadata_is_a_corrupt_input_with_the_build_s_CG1021_message()
    {
        using var folder = new TempFolder();
        var model = Path.Combine(folder.Path, "model");
        TempFolder.CopyFolder(FixturePaths.Get("tfnet-keras-lstm_from_sequential"), model);
        var metadata = Path.Combine(model, "keras_metadata.pb");
        File.WriteAllBytes(metadata, File.ReadAllBytes(metadata).AsSpan(0, 1000).ToArray());

        var run = ToolRun.InProcess("generate", model, "-o", Path.Combine(folder.Path, "out"));

        Assert.Equal(ExitCodes.Corrupt, run.ExitCode);
        var error = Assert.Single(run.ErrorLines);
        Assert.Contains($"CG1021: {metadata} at offset 0: not a valid Keras SavedMetadata", error, StringComparison.Ordinal);
    }

    /// <summary>Each tensor's key, offset and length as the generated class decodes them from its two descriptor strings.</summary>
    private static List<(string Key, long Offset, long Length)> Descriptors(string source)
    {
        var match = Regex.Match(source, @"s_descriptors = global::CheckpointGen\.Runtime\.TensorDescriptorTable\.Decode\(\s*(\d+),\s*new [^}]*\},\s*""([^""]*)"",\s*""([^""]*)""\);");
        Assert.True(match.Success, "The generated class has no descriptor data.");
        var data = match.Groups[2].Value.TrimEnd(',').Split(',').Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var names = match.Groups[3].Value;
        var result = new List<(string, long, long)>();
        for (int i = 0, at = 0, name = 0; i < int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture); i++)
        {
            var rank = (int)data[at + 1];
            var (offset, length, keyLength, aliasLength) = (data[at + 2 + rank], data[at + 3 + rank], (int)data[at + 4 + rank], (int)data[at + 5 + rank]);
            result.Add((names.Substring(name, keyLength), offset, length));
            at += 6 + rank;
            name += keyLength + aliasLength;
        }
        return result;
    }

    private static string ScrubVersion(string source) =>
        Regex.Replace(source, "GeneratedCode\\(\"CheckpointGen\", \"[^\"]*\"\\)", "GeneratedCode(\"CheckpointGen\", \"{version}\")");
}
