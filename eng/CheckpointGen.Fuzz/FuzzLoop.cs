using System.Diagnostics;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Fuzz;

/// <summary>
/// Runs mutants for a while (or one, to reproduce it), each under a watchdog, and reports
/// executions, their rate, and failures with the mutant seeds that reproduce them.
/// </summary>
internal sealed class FuzzLoop
{
    private readonly FuzzOptions _options;
    private readonly IFuzzTarget _target;
    private readonly FailureStore _failures;

    public FuzzLoop(FuzzOptions options, IFuzzTarget target)
    {
        _options = options;
        _target = target;
        _failures = new FailureStore(FailureFolder, target);
    }

    private string FailureFolder => Path.Combine(_options.OutputDirectory, _options.Target);

    /// <returns>0 when the contract held, 1 on failures, 2 on a hang.</returns>
    public int Run()
    {
        using var scratch = new TempDirectory();
        if (_options.Mutant is { } single)
        {
            return Execute(single, scratch.Path) switch
            {
                null => 2,
                { Passed: true } result => Report(0, $"mutant {single} keeps the contract: {result.Report}"),
                var result => Report(1, result.Report),
            };
        }
        Console.WriteLine($"fuzzing the {_options.Target} for {_options.Seconds} s from seed {_options.Seed}; failing inputs go to {FailureFolder}");
        var seeds = new Random(_options.Seed);
        var clock = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromSeconds(10);
        long executions = 0, reached = 0, failures = 0;
        while (clock.Elapsed.TotalSeconds < _options.Seconds)
        {
            var result = Execute(seeds.Next(), scratch.Path);
            if (result is null)
            {
                return 2;
            }
            executions++;
            reached += result.Reached ? 1 : 0;
            failures += result.Passed ? 0 : 1;
            if (clock.Elapsed >= nextReport)
            {
                Console.WriteLine(Stats(clock.Elapsed, executions, reached, failures));
                nextReport += TimeSpan.FromSeconds(10);
            }
        }
        return Report(failures == 0 ? 0 : 1, "done: " + Stats(clock.Elapsed, executions, reached, failures));
    }

    /// <summary>Runs one mutant; null when it did not finish within the timeout (a hang, saved and reported).</summary>
    private FuzzOutcome? Execute(int seed, string scratch)
    {
        var reproduce = $"bash eng/fuzz.sh --target {_options.Target} --mutant {seed}";
        var run = Task.Run(() => _target.Execute(seed, scratch));
        if (!run.Wait(TimeSpan.FromSeconds(_options.TimeoutSeconds)))
        {
            var hang = $"HANG (reproduce: {reproduce}): {_target.Describe(seed)}: still running after {_options.TimeoutSeconds} s";
            _failures.Save(seed, ["did not finish"], hang);
            Console.WriteLine(hang);
            return null;
        }
        var result = run.Result;
        if (!result.Passed && _failures.Save(seed, result.Signatures, "FAILURE\n" + result.Report))
        {
            Console.WriteLine($"FAILURE (reproduce: {reproduce}): {result.Report}");
        }
        return result;
    }

    private string Stats(TimeSpan elapsed, long executions, long reached, long failures) =>
        $"[{elapsed.TotalSeconds,5:F0}s] executions {executions} ({executions / Math.Max(elapsed.TotalSeconds, 1e-3):F0}/s), "
        + $"{_target.Reached} {100.0 * reached / Math.Max(executions, 1):F0}%, failures {failures} ({_failures.Distinct} distinct)";

    private static int Report(int code, string line)
    {
        Console.WriteLine(line);
        return code;
    }
}
