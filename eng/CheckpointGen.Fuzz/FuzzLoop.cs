using System.Diagnostics;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;
using CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

namespace CheckpointGen.Fuzz;

/// <summary>
/// Runs mutants for a while (or one, to reproduce it), each under a watchdog, and reports
/// executions, their rate, and failures with the mutant seeds that reproduce them.
/// </summary>
internal sealed class FuzzLoop
{
    private readonly FuzzOptions _options;
    private readonly Mutator _mutator;
    private readonly FailureStore _failures;

    public FuzzLoop(FuzzOptions options)
    {
        _options = options;
        _mutator = new Mutator(SeedCorpus.Load());
        _failures = new FailureStore(options.OutputDirectory);
    }

    /// <returns>0 when the contract held, 1 on failures, 2 on a hang.</returns>
    public int Run()
    {
        using var scratch = new TempDirectory();
        if (_options.Mutant is { } single)
        {
            return Execute(single, scratch.Path) switch
            {
                null => 2,
                { Passed: true } result => Report(0, $"mutant {single} keeps the contract: {result.Mutant}"),
                _ => 1,
            };
        }
        Console.WriteLine($"fuzzing for {_options.Seconds} s from seed {_options.Seed}; failing inputs go to {_options.OutputDirectory}");
        var seeds = new Random(_options.Seed);
        var clock = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromSeconds(10);
        long executions = 0, opened = 0, failures = 0;
        while (clock.Elapsed.TotalSeconds < _options.Seconds)
        {
            var result = Execute(seeds.Next(), scratch.Path);
            if (result is null)
            {
                return 2;
            }
            executions++;
            opened += result.Opened ? 1 : 0;
            failures += result.Passed ? 0 : 1;
            if (clock.Elapsed >= nextReport)
            {
                Console.WriteLine(Stats(clock.Elapsed, executions, opened, failures));
                nextReport += TimeSpan.FromSeconds(10);
            }
        }
        return Report(failures == 0 ? 0 : 1, "done: " + Stats(clock.Elapsed, executions, opened, failures));
    }

    /// <summary>Runs one mutant; null when it did not finish within the timeout (a hang, saved and reported).</summary>
    private FuzzResult? Execute(int seed, string scratch)
    {
        var mutant = _mutator.Create(seed);
        var run = Task.Run(() => FuzzExecution.Run(mutant, scratch));
        if (!run.Wait(TimeSpan.FromSeconds(_options.TimeoutSeconds)))
        {
            var hang = new FuzzResult(mutant, new[] { new Breach("all steps", null, "did not finish", null, $"still running after {_options.TimeoutSeconds} s") }, false);
            _failures.Save(hang, "HANG");
            Console.WriteLine($"HANG (reproduce: bash eng/fuzz.sh --mutant {seed}): {hang}");
            return null;
        }
        var result = run.Result;
        if (!result.Passed && _failures.Save(result, "FAILURE"))
        {
            Console.WriteLine($"FAILURE (reproduce: bash eng/fuzz.sh --mutant {seed}): {result}");
        }
        return result;
    }

    private string Stats(TimeSpan elapsed, long executions, long opened, long failures) =>
        $"[{elapsed.TotalSeconds,5:F0}s] executions {executions} ({executions / Math.Max(elapsed.TotalSeconds, 1e-3):F0}/s), "
        + $"opened {100.0 * opened / Math.Max(executions, 1):F0}%, failures {failures} ({_failures.Distinct} distinct)";

    private static int Report(int code, string line)
    {
        Console.WriteLine(line);
        return code;
    }
}
