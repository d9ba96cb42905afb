using System.Diagnostics;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// <c>--alternate</c>: the inference comparisons outside BenchmarkDotNet, for a machine whose load
/// moves faster than BenchmarkDotNet's one-method-after-the-other runs: in each round ORT and the
/// generated code each run for a fixed time, one right after the other, and the round reports
/// each one's best time: the best mean of 20 calls at batch 1, the best single call at batch 64
/// (a call of milliseconds is rarely left alone for 20 calls in a row on a loaded machine). The
/// ratio of a round is measured under nearly the same load.
/// </summary>
internal static class AlternatingRounds
{
    public const string Option = "--alternate";

    /// <summary>
    /// Times each side by the calling thread's CPU time (Linux) and keeps its best single call: on a
    /// machine with far more runnable threads than cores, wall-clock rounds mostly measure
    /// preemption (and the generated code's tier-up waits for a starved JIT thread). ORT runs on the
    /// calling thread with one intra-op thread, so both sides' work is counted the same way.
    /// </summary>
    public const string CpuTimeOption = "--cpu-time";

    private const int Rounds = 7;

    /// <param name="only">MLP, LeNet, KerasConv or LSTM: that model's comparisons only; null: all.</param>
    /// <param name="cpuTime">Whether to time by thread CPU time (<see cref="CpuTimeOption"/>).</param>
    public static void Run(string? only, bool cpuTime = false)
    {
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{(cpuTime ? ", best single call by thread CPU time" : string.Empty)}");
        foreach (int batch in new[] { 1, 64 })
        {
            foreach (var (name, make) in Models(batch))
            {
                if (only is not null && !name.Replace(" ", string.Empty, StringComparison.Ordinal).StartsWith(only, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                Compare($"{name} batch {batch}", make(), batch, cpuTime);
            }
        }
    }

    private static IEnumerable<(string Name, Func<OrtComparison> Make)> Models(int batch)
    {
        yield return ("MLP", () => Setup(new MlpBenchmarks { Batch = batch }, b => b.Setup()));
        yield return ("LeNet", () => Setup(new LeNetBenchmarks { Batch = batch }, b => b.Setup()));
        yield return ("Keras Conv", () => Setup(new KerasConvBenchmarks { Batch = batch }, b => b.Setup()));
        // The LSTM goal is at batch 1; a time-major loop at batch 64 says nothing more.
        if (batch == 1)
        {
            yield return ("LSTM 5x3x32", () => Setup(new LstmBenchmarks { Size = "5x3x32", Batch = 1 }, b => b.Setup()));
            yield return ("LSTM 50x32x128", () => Setup(new LstmBenchmarks { Size = "50x32x128", Batch = 1 }, b => b.Setup()));
            // A GRU of the larger LSTM's size: a recurrent layer of the LSTM family, selected with it.
            yield return ("LSTM family: GRU 50x32x128", () => Setup(new GruBenchmarks { Size = "50x32x128", Batch = 1 }, b => b.Setup()));
        }
    }

    private static T Setup<T>(T benchmark, Action<T> setup)
    {
        setup(benchmark);
        return benchmark;
    }

    private static void Compare(string name, OrtComparison pair, int batch, bool cpuTime)
    {
        int calls = batch == 1 ? 20 : 1;
        var budget = TimeSpan.FromMilliseconds(batch == 1 ? 400 : 1500);
        var ratios = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            double ort = cpuTime ? BestCpu(pair.OnnxRuntime, budget) : Best(pair.OnnxRuntime, calls, budget);
            double generated = cpuTime ? BestCpu(pair.Generated, budget) : Best(pair.Generated, calls, budget);
            ratios.Add(generated / ort);
            Console.WriteLine($"{name}, round {round + 1}: ORT {ort:F1} µs, generated {generated:F1} µs, ratio {generated / ort:F2}");
        }
        ratios.Sort();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) pair.Generated();
        double allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
        Console.WriteLine($"{name}: ratio min {ratios[0]:F2}, median {ratios[Rounds / 2]:F2}, max {ratios[^1]:F2}; generated code allocated {allocated:F1} B per call");
    }

    /// <summary>The best mean of <paramref name="calls"/> calls within <paramref name="budget"/>, in µs, after a warm-up.</summary>
    private static double Best(Action call, int calls, TimeSpan budget)
    {
        for (int i = 0; i < calls; i++) call();
        double best = double.MaxValue;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < budget)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) call();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls);
        }
        return best;
    }

    /// <summary>The least thread CPU time of one call within <paramref name="budget"/> of wall time, in µs, after a warm-up.</summary>
    private static double BestCpu(Action call, TimeSpan budget)
    {
        for (int i = 0; i < 20; i++) call();
        double best = double.MaxValue;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < budget)
        {
            long start = ThreadCpuNanoseconds();
            call();
            best = Math.Min(best, (ThreadCpuNanoseconds() - start) / 1000.0);
        }
        return best;
    }

    private static long ThreadCpuNanoseconds() =>
        ClockGetTime(ThreadCpuClock, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : throw new PlatformNotSupportedException($"{CpuTimeOption} reads CLOCK_THREAD_CPUTIME_ID (Linux).");

    private const int ThreadCpuClock = 3;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
