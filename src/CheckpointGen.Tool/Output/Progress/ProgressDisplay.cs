using Spectre.Console;

namespace CheckpointGen.Tool.Output.Progress;

/// <summary>
/// A progress bar for long work (verify, prune, freeze, diff), drawn only when stdout is a
/// terminal and cleared when done; scripts reading redirected output see none of it.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, which reports bytes done out of <paramref name="total"/> to the progress it is given (null when nothing is drawn).</summary>
    public static T Run<T>(CliConsole console, string description, long total, Func<IProgress<long>?, T> work)
    {
        return console.IsTerminal ? RunWithBar(console, description, total, work) : work(null);
    }

    /// <summary>Apart from <see cref="Run{T}"/> so that redirected output never loads Spectre.Console.</summary>
    private static T RunWithBar<T>(CliConsole console, string description, long total, Func<IProgress<long>?, T> work)
    {
        return console.Ansi.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask(description, maxValue: Math.Max(1, total));
            var result = work(new InlineProgress(done => task.Value = Math.Min(done, task.MaxValue)));
            task.Value = task.MaxValue;
            return result;
        });
    }

    /// <summary>Reports on the calling thread: <see cref="Progress{T}"/> would post to the thread pool and lag behind.</summary>
    private sealed class InlineProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
