using BenchmarkDotNet.Attributes;

namespace CheckpointGen.Benchmarks.Build;

/// <summary>
/// A no-op rebuild: every build follows a complete one with nothing changed, so the worker and
/// csc must both be skipped. Target: at most 1.1 times the plain resource's no-op build.
/// </summary>
[Config(typeof(BuildProcessConfig))]
public class NoOpBuildBenchmarks : ConsumerBuildBenchmarks
{
    private protected override string Scenario => "noop";
}
