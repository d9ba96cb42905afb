using BenchmarkDotNet.Attributes;

namespace CheckpointGen.Benchmarks.Build;

/// <summary>
/// A cold build: bin/ and obj/Release/ deleted before every build (restore's files kept), so the
/// worker reads and packs the checkpoint, the generator runs and csc embeds 100 MiB each time.
/// Target: the &lt;Checkpoint&gt; item's build takes at most twice the plain resource's.
/// </summary>
[Config(typeof(BuildProcessConfig))]
public class ColdBuildBenchmarks : ConsumerBuildBenchmarks
{
    private protected override string Scenario => "cold";

    [IterationSetup]
    public void DeleteOutputs() => Project.DeleteOutputs();
}
