using System.Text.Json;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;
using CheckpointGen.Tool.Tests.Prune;

namespace CheckpointGen.Tool.Tests.Diff;

/// <summary><c>diff</c>: two training steps of one model, a checkpoint and its prune, and crafted differences.</summary>
public sealed class DiffCommandTests
{
    private static readonly string Step9990 = FixturePaths.Get("tfx-taxi-estimator-5steps/model.ckpt-9990");

    [Fact]
    public void Two_training_steps_differ_by_the_largest_change_of_each_variable()
    {
        var run = ToolRun.InProcess("diff", Step9990, Fixtures.EstimatorPrefix, "--json");

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        using var json = run.Json();
        var root = json.RootElement;
        Assert.False(root.GetProperty("identical").GetBoolean());
        Assert.Equal(0, root.GetProperty("added").GetArrayLength() + root.GetProperty("removed").GetArrayLength() + root.GetProperty("changed").GetArrayLength());
        using var a = Checkpoint.Open(Step9990);
        using var b = Checkpoint.Open(Fixtures.EstimatorPrefix);
        var compared = root.GetProperty("compared").EnumerateArray().ToList();
        Assert.Equal(59, compared.Count);
        foreach (var entry in compared)
        {
            var name = entry.GetProperty("name").GetString()!;
            Assert.Equal(a.ReadBytes(name).AsSpan().SequenceEqual(b.ReadBytes(name)), entry.GetProperty("identical").GetBoolean());
            Assert.Equal(MaxAbsoluteDifference(a, b, name), entry.GetProperty("maxAbsDiff").GetDouble());
        }
        Assert.Equal(10, compared.Single(e => e.GetProperty("name").GetString() == "global_step").GetProperty("maxAbsDiff").GetDouble());
    }

    [Fact]
    public void Text_lists_each_difference_and_sums_up()
    {
        var run = ToolRun.InProcess("diff", Step9990, Fixtures.EstimatorPrefix);

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        Assert.Matches(@"differs +global_step +int64 +\[\] +10\n", run.Out);
        Assert.Matches(@"\d+ identical, \d+ differ, 0 added, 0 removed, 0 changed in dtype or shape\n$", run.Out);
    }

    [Fact]
    public void A_checkpoint_and_its_prune_differ_only_by_the_dropped_variables()
    {
        using var folder = new TempFolder();
        var fixture = "tfx-taxi-estimator-2shard/model.ckpt-10000";
        var (prune, prefix) = PruneTestRun.Succeeding(folder, fixture, "pruned", "--json");
        using var pruneJson = prune.Json();
        var dropped = pruneJson.RootElement.GetProperty("dropped").EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();

        var run = ToolRun.InProcess("diff", FixturePaths.Get(fixture), prefix, "--json");

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        using var json = run.Json();
        Assert.Equal(dropped, Names(json.RootElement.GetProperty("removed")));
        Assert.Empty(Names(json.RootElement.GetProperty("added")));
        Assert.All(json.RootElement.GetProperty("compared").EnumerateArray(), e => Assert.True(e.GetProperty("identical").GetBoolean()));
        Assert.Equal(20, json.RootElement.GetProperty("compared").GetArrayLength());
    }

    [Fact]
    public void Identical_checkpoints_succeed()
    {
        using var folder = new TempFolder();
        var (_, copy) = PruneTestRun.Succeeding(folder, "tfx-taxi-estimator-5steps/model.ckpt-10000", "copy", "--keep", "All");

        var run = ToolRun.InProcess("diff", Fixtures.EstimatorPrefix, copy);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.EndsWith("Identical: 59 variables, bit for bit\n", run.Out);
    }

    [Fact]
    public void Shapes_dtypes_additions_and_nans_are_reported()
    {
        using var folder = new TempFolder();
        var a = Write(folder, "a", w =>
        {
            w.Add("nan", TensorShape.Create(3), TensorData.FromValues(new[] { 1f, float.NaN, 3f }));
            w.Add("nan_vs_number", TensorShape.Create(1), TensorData.FromValues(new[] { float.NaN }));
            w.Add("reshaped", TensorShape.Create(4), TensorData.FromValues(new[] { 1f, 2f, 3f, 4f }));
            w.Add("retyped", TensorShape.Scalar, TensorData.FromValues(new[] { 1 }));
            w.Add("words", TensorShape.Create(2), TensorData.FromStrings(new[] { "a"u8.ToArray(), "b"u8.ToArray() }));
        });
        var b = Write(folder, "b", w =>
        {
            w.Add("nan", TensorShape.Create(3), TensorData.FromValues(new[] { 1f, float.NaN, 4.5f }));
            w.Add("nan_vs_number", TensorShape.Create(1), TensorData.FromValues(new[] { 2f }));
            w.Add("reshaped", TensorShape.Create(2, 2), TensorData.FromValues(new[] { 1f, 2f, 3f, 4f }));
            w.Add("retyped", TensorShape.Scalar, TensorData.FromValues(new[] { 1L }));
            w.Add("words", TensorShape.Create(2), TensorData.FromStrings(new[] { "a"u8.ToArray(), "c"u8.ToArray() }));
            w.Add("new", TensorShape.Scalar, TensorData.FromValues(new[] { 0.5 }));
        });

        var run = ToolRun.InProcess("diff", a, b, "--json");

        Assert.Equal(ExitCodes.Failed, run.ExitCode);
        using var json = run.Json();
        var root = json.RootElement;
        Assert.Equal(new[] { "new" }, Names(root.GetProperty("added")));
        Assert.Equal(new[] { "reshaped", "retyped" }, Names(root.GetProperty("changed")));
        var compared = root.GetProperty("compared").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("maxAbsDiff"));
        Assert.Equal(1.5, compared["nan"].GetDouble());
        Assert.Equal("NaN", compared["nan_vs_number"].GetString());
        Assert.Equal(JsonValueKind.Null, compared["words"].ValueKind);
    }

    private static string Write(TempFolder folder, string name, Action<CheckpointWriter> add)
    {
        var prefix = Path.Combine(folder.Path, name);
        using var writer = new CheckpointWriter(prefix);
        add(writer);
        writer.Commit();
        return prefix;
    }

    private static List<string?> Names(JsonElement array) => array.EnumerateArray().Select(e => e.GetProperty("name").GetString()).ToList();

    /// <summary>max |a - b| computed here, from the values as their own type.</summary>
    private static double MaxAbsoluteDifference(Checkpoint a, Checkpoint b, string name) => a.ReadArray(name) switch
    {
        float[] x => x.Zip(b.Read<float>(name)).Select(p => Math.Abs((double)p.First - p.Second)).DefaultIfEmpty().Max(),
        long[] x => x.Zip(b.Read<long>(name)).Select(p => (double)Math.Abs(p.First - p.Second)).DefaultIfEmpty().Max(),
        var other => throw new InvalidOperationException(other.GetType().Name),
    };
}
