using System.Text.Json;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using CheckpointGen.Tool.Output;

namespace CheckpointGen.Tool.Tests.Inspect;

/// <summary>
/// <c>inspect --json</c> and <c>inspect --all --json</c> on every real TensorFlow checkpoint,
/// against what an independent LevelDB-based reader found in it.
/// </summary>
public sealed class InspectJsonFixtureTests
{
    public static TheoryData<string> Listings() => Fixtures.Listings();

    [Theory]
    [MemberData(nameof(Listings))]
    public void Listing_matches_the_independent_reader(string id)
    {
        var expected = Fixtures.Find(id);

        var run = ToolRun.InProcess("inspect", expected.Prefix, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = run.Json();
        Assert.Equal(["variables"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var variables = json.RootElement.GetProperty("variables").EnumerateArray().ToList();
        Assert.Equal(expected.Tensors.Select(t => t.Name), variables.Select(v => v.GetProperty("name").GetString()));
        foreach (var (want, got) in expected.Tensors.Zip(variables))
        {
            Assert.Equal(
                ["name", "variable", "dtype", "shape", "shard", "offset", "size", "kind"],
                got.EnumerateObject().Select(p => p.Name));
            Assert.Equal(want.DType, got.GetProperty("dtype").GetString());
            Assert.Equal(want.Shape, got.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            Assert.Equal(want.Shard, got.GetProperty("shard").GetInt32());
            Assert.Equal(want.Offset, got.GetProperty("offset").GetInt64());
            Assert.Equal(want.Size, got.GetProperty("size").GetInt64());
        }
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public void Variable_names_and_kinds_are_those_the_reader_derives(string id)
    {
        var expected = Fixtures.Find(id);
        using var checkpoint = Checkpoint.Open(expected.Prefix);

        var run = ToolRun.InProcess("inspect", expected.Prefix, "--json");

        using var json = run.Json();
        var variables = json.RootElement.GetProperty("variables").EnumerateArray().ToList();
        Assert.Equal(checkpoint.Variables.Select(v => v.VariableName ?? v.Name), variables.Select(v => v.GetProperty("variable").GetString()));
        Assert.Equal(checkpoint.Variables.Select(v => VariableText.Kind(v.Kind)), variables.Select(v => v.GetProperty("kind").GetString()));
        Assert.All(variables, v => Assert.Contains(v.GetProperty("kind").GetString(), new[] { "trainable", "model", "optimizer", "bookkeeping" }));
    }

    [Theory]
    [MemberData(nameof(Listings))]
    public void All_values_match_the_independent_reader(string id)
    {
        var expected = Fixtures.Find(id);

        var run = ToolRun.InProcess("inspect", expected.Prefix, "--all", "--json");

        // Index-only fixtures lack data shards: every tensor is listed, unreadable ones with null values.
        var missingData = expected.Tensors.Count(t => !t.HasData);
        Assert.True(run.ExitCode == (missingData == 0 ? ExitCodes.Success : ExitCodes.NotFound), run.ToString());
        Assert.Equal(missingData, run.ErrorLines.Count(l => l.StartsWith("error: ", StringComparison.Ordinal)));
        using var json = run.Json();
        var variables = json.RootElement.GetProperty("variables").EnumerateArray().ToList();
        Assert.Equal(expected.Tensors.Select(t => t.Name), variables.Select(v => v.GetProperty("name").GetString()));
        foreach (var (want, got) in expected.Tensors.Zip(variables))
        {
            var values = got.GetProperty("values");
            if (!want.HasData)
            {
                Assert.Equal(JsonValueKind.Null, values.ValueKind);
                continue;
            }
            Assert.Equal(want.Shape.Aggregate(1L, (a, b) => a * b), values.GetArrayLength());
            if (want.Strings is { } count)
            {
                var strings = values.EnumerateArray().Select(s => s.GetBytesFromBase64()).ToList();
                Assert.Equal(count, strings.Count);
                Assert.Equal(want.StringBytes, strings.Take(4).Select(s => (long)s.Length));
                continue;
            }
            var numbers = values.EnumerateArray().Select(ToDouble).ToArray();
            AssertClose(want.Sum!.Value, numbers.Sum(), want.Name + " sum");
            if (numbers.Length > 0)
            {
                AssertClose(want.Min!.Value, numbers.Min(), want.Name + " min");
                AssertClose(want.Max!.Value, numbers.Max(), want.Name + " max");
            }
            for (var i = 0; i < want.First.Length; i++)
            {
                AssertClose(want.First[i], numbers[i], $"{want.Name}[{i}]");
            }
        }
    }

    [Fact]
    public void A_tensor_by_name_prints_that_variable_with_its_values()
    {
        var run = ToolRun.InProcess("inspect", Fixtures.EstimatorPrefix, "--tensor", "dnn/logits/bias", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = run.Json();
        var root = json.RootElement;
        Assert.Equal(
            ["name", "variable", "dtype", "shape", "shard", "offset", "size", "kind", "values"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("dnn/logits/bias", root.GetProperty("name").GetString());
        Assert.Equal("float32", root.GetProperty("dtype").GetString());
        Assert.Equal(50176, root.GetProperty("offset").GetInt64());
        // The float32 -0.0402952507 printed with the shortest digits that read back as the same float.
        Assert.Equal("[-0.04029525]", root.GetProperty("values").GetRawText());
        Assert.Equal(-0.040295250713825226f, root.GetProperty("values")[0].GetSingle());
    }

    [Fact]
    public void Int64_scalars_are_exact_json_integers()
    {
        var run = ToolRun.InProcess("inspect", Fixtures.EstimatorPrefix, "--tensor", "global_step", "--json");

        using var json = run.Json();
        Assert.Equal("[10000]", json.RootElement.GetProperty("values").GetRawText());
        Assert.Empty(json.RootElement.GetProperty("shape").EnumerateArray());
        Assert.Equal("bookkeeping", json.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public void A_legacy_V1_session_bundle_lists_and_prints_its_values()
    {
        var run = ToolRun.InProcess("inspect", FixturePaths.Get("serving-session_bundle_half_plus_two/00000123"), "--all", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var json = run.Json();
        var variables = json.RootElement.GetProperty("variables").EnumerateArray().ToList();
        Assert.Equal(["a", "b"], variables.Select(v => v.GetProperty("name").GetString()));
        Assert.Equal(["[0.5]", "[2]"], variables.Select(v => v.GetProperty("values").GetRawText()));
    }

    [Fact]
    public void An_unreadable_meta_graph_is_a_warning_on_stderr_not_in_the_json()
    {
        // t5x's model.ckpt-0.meta went through a text conversion upstream and is corrupt.
        var run = ToolRun.InProcess("inspect", FixturePaths.Get("t5x-mtf_tiny_t5-bf16/model.ckpt-0"), "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var warning = Assert.Single(run.ErrorLines);
        Assert.StartsWith("warning: ", warning);
        Assert.Contains("model.ckpt-0.meta", warning);
        using var json = run.Json();
        Assert.Equal(105, json.RootElement.GetProperty("variables").GetArrayLength());
    }

    [Fact]
    public void A_folder_with_a_state_file_lists_its_latest_checkpoint()
    {
        var run = ToolRun.InProcess("inspect", Path.GetDirectoryName(Fixtures.EstimatorPrefix)!, "--json");
        var latest = ToolRun.InProcess("inspect", Fixtures.EstimatorPrefix, "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(latest.Out, run.Out);
    }

    private static double ToDouble(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.String => double.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.GetDouble(),
    };

    private static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = 1e-6 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual}");
    }
}
