using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace CheckpointGen.Benchmarks;

/// <summary>
/// Runs the benchmarks with BenchmarkDotNet's command line (<c>--filter '*'</c> and so on).
/// <c>--quick</c> swaps the measuring job for a few iterations, to check that everything runs;
/// <c>--emit-startup DIR</c> writes the start-up apps' model files instead (eng/startup-bench.sh);
/// <c>--alternate [MODEL] [--cpu-time]</c> runs the inference comparisons (those of MODEL: MLP, LeNet, KerasConv, LSTM) in alternating rounds (Inference/RESULTS.md).
/// Median and minimum are shown beside the mean because the machines these run on are shared:
/// another process's burst inflates a mean, rarely the median.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length is >= 1 and <= 3 && args[0] == Inference.AlternatingRounds.Option)
        {
            var cpuTime = args.Contains(Inference.AlternatingRounds.CpuTimeOption);
            var model = args.Skip(1).FirstOrDefault(a => a != Inference.AlternatingRounds.CpuTimeOption);
            Inference.AlternatingRounds.Run(model, cpuTime);
            return;
        }
        if (args.Length == 2 && args[0] == Startup.StartupModel.Option)
        {
            Startup.StartupModel.Emit(args[1]);
            return;
        }
        var quick = args.Contains("--quick");
        var job = quick
            ? Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithId("Quick")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15).WithId("Modest");
        var config = DefaultConfig.Instance.AddJob(job.AsDefault()).AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--quick").ToArray(), config);
    }
}
