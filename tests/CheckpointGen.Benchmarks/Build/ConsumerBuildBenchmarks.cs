using BenchmarkDotNet.Attributes;
using CheckpointGen.Benchmarks.Build.Consumers;

namespace CheckpointGen.Benchmarks.Build;

/// <summary>
/// One consumer project per benchmark: the baseline embeds the 100 MiB checkpoint's data file as a
/// plain EmbeddedResource, the other has the checkpoint as a &lt;Checkpoint&gt; item (Embedded
/// mode), which packs the same bytes under the same resource name. Each operation is one
/// <c>dotnet build --no-restore</c> process; subclasses decide what state it starts from.
/// </summary>
public abstract class ConsumerBuildBenchmarks
{
    private ConsumerProject? _project;

    private protected ConsumerProject Project => _project ?? throw new InvalidOperationException("The consumer is made in global setup.");

    /// <summary>Names the consumer folders, which must differ between subclasses.</summary>
    private protected abstract string Scenario { get; }

    [GlobalSetup(Target = nameof(EmbeddedResource))]
    public void SetUpEmbeddedResource() => _project = ConsumerProject.Create(WeightsSource.EmbeddedResource, Scenario + "-resource");

    [GlobalSetup(Target = nameof(CheckpointItem))]
    public void SetUpCheckpointItem() => _project = ConsumerProject.Create(WeightsSource.CheckpointItem, Scenario + "-checkpoint");

    [GlobalCleanup]
    public void CleanUp() => _project?.Delete();

    [Benchmark(Baseline = true)]
    public void EmbeddedResource() => Project.Build();

    [Benchmark]
    public void CheckpointItem() => Project.Build();
}
