using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace CheckpointGen.Benchmarks;

/// <summary>
/// Runs the benchmarks with BenchmarkDotNet's command line (<c>--filter '*'</c> and so on).
/// <c>--quick</c> swaps the measuring job for a few iterations, to check that everything runs.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var quick = args.Contains("--quick");
        var job = quick
            ? Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithId("Quick")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Modest");
        var config = DefaultConfig.Instance.AddJob(job.AsDefault());
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--quick").ToArray(), config);
    }
}
