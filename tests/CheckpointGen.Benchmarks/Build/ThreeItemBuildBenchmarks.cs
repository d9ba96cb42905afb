using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CheckpointGen.Benchmarks.Build.Consumers;

namespace CheckpointGen.Benchmarks.Build;

/// <summary>
/// Three 100 MiB checkpoints: as three &lt;Checkpoint&gt; items (Embedded) against the same
/// three data files as plain EmbeddedResources, each category with its own baseline.
/// NoOp: a build after a complete one, nothing changed (target: at most 1.1 times the plain
/// resources'). Changed: one checkpoint's files touched before each build, so csc embeds the
/// 300 MiB again either way, and the items' build re-plans and re-packs that one item only;
/// touching all three shows what re-packing everything would cost.
/// </summary>
[Config(typeof(BuildProcessConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ThreeItemBuildBenchmarks
{
    private ConsumerProject? _resources;
    private ConsumerProject? _items;

    private ConsumerProject Resources => _resources ?? throw new InvalidOperationException("Made in global setup.");

    private ConsumerProject Items => _items ?? throw new InvalidOperationException("Made in global setup.");

    [GlobalSetup(Targets = new[] { nameof(NoOpResources), nameof(OneChangedResources) })]
    public void SetUpResources() => _resources = ConsumerProject.Create(WeightsSource.EmbeddedResource, "three-resources", items: 3);

    [GlobalSetup(Targets = new[] { nameof(NoOpItems), nameof(OneChangedItems), nameof(AllChangedItems) })]
    public void SetUpItems() => _items = ConsumerProject.Create(WeightsSource.CheckpointItem, "three-items", items: 3);

    [GlobalCleanup]
    public void CleanUp()
    {
        _resources?.Delete();
        _items?.Delete();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("NoOp")]
    public void NoOpResources() => Resources.Build();

    [Benchmark]
    [BenchmarkCategory("NoOp")]
    public void NoOpItems() => Items.Build();

    [IterationSetup(Target = nameof(OneChangedResources))]
    public void TouchOneResource() => Resources.Touch(1);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Changed")]
    public void OneChangedResources() => Resources.Build();

    [IterationSetup(Target = nameof(OneChangedItems))]
    public void TouchOneItem() => Items.Touch(1);

    [Benchmark]
    [BenchmarkCategory("Changed")]
    public void OneChangedItems() => Items.Build();

    [IterationSetup(Target = nameof(AllChangedItems))]
    public void TouchAllItems()
    {
        for (var i = 0; i < Items.Checkpoints.Count; i++)
        {
            Items.Touch(i);
        }
    }

    [Benchmark]
    [BenchmarkCategory("Changed")]
    public void AllChangedItems() => Items.Build();
}
