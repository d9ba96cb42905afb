using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

namespace CheckpointGen.Benchmarks.Build;

/// <summary>
/// For benchmarks whose operation is a whole <c>dotnet build</c> process: Monitoring (no pilot, no
/// overhead subtraction, one build per iteration, with setup before each). The warm-up and
/// iteration counts are the run's (Program's job). They run in the BenchmarkDotNet host process:
/// the timed work is in the child processes anyway, and one process lets every benchmark share
/// the packages packed once.
/// </summary>
public sealed class BuildProcessConfig : ManualConfig
{
    public BuildProcessConfig() => AddJob(Job.Default
        .WithStrategy(RunStrategy.Monitoring)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .WithToolchain(new InProcessNoEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true))
        .WithId("Builds"));
}
