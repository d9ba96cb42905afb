using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using CheckpointGen.Build;
using CheckpointGen.Contracts;

namespace CheckpointGen.Compiler.Tests.Fuzzing;

/// <summary>
/// The build worker's answer to corrupt input, through its entry point (in process, and as the
/// process the task starts): corrupt models (graph mutants, damaged checkpoint files) and corrupt
/// request files are CG1xxx build errors naming the item or the file, never the internal-error
/// code, an escaping exception, or a hang.
/// </summary>
public sealed partial class WorkerFuzzTests : IDisposable
{
    private const int Mutants = 60;

    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);

    private readonly string _scratch = Directory.CreateTempSubdirectory("cg-worker-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Corrupt_models_are_build_errors_on_the_item()
    {
        var mutator = new GraphMutator(GraphSeed.All);
        for (var seed = 1001; seed < 1001 + Mutants; seed++)
        {
            var mutant = mutator.Create(seed);
            var (requestFile, request) = WriteRequest(mutant);
            var run = Task.Run(() => RunInProcess(requestFile));
            Assert.True(await Task.WhenAny(run, Task.Delay(CaseTimeout)) == run, $"the worker still runs after {CaseTimeout.TotalSeconds} s: {mutant}");
            var (exit, lines) = await run;

            var context = $"{mutant} (reproduce: bash eng/fuzz.sh --target graph --mutant {seed})\n{string.Join("\n", lines)}";
            Assert.True(exit is 0 or 1, context);
            var errors = lines.Where(l => l.Contains(" : error ", StringComparison.Ordinal)).ToList();
            Assert.True(exit == 0 ? errors.Count == 0 : errors.Count > 0, context);
            Assert.All(errors, e => Assert.Matches(ItemError(request), e));
            Assert.False(lines.Any(l => l.Contains("CG1099", StringComparison.Ordinal)), context);
            Directory.Delete(mutant.FolderIn(_scratch), recursive: true);
        }
    }

    [Fact]
    public void Corrupt_request_files_are_CG1050_at_the_file_and_line()
    {
        var (requestFile, _) = WriteRequest(new GraphMutator(GraphSeed.All).Create(1001));
        var valid = File.ReadAllText(requestFile);
        var random = new Random(5);
        for (var n = 0; n < Mutants; n++)
        {
            var (text, what) = CorruptRequest(valid, random);
            File.WriteAllText(requestFile, text);

            var (exit, lines) = RunInProcess(requestFile);

            var context = $"request {what}:\n{string.Join("\n", lines)}";
            Assert.True(exit is 0 or 1, context);
            Assert.False(lines.Any(l => l.Contains("CG1099", StringComparison.Ordinal)), context);
            Assert.All(lines.Where(l => l.Contains(" : error ", StringComparison.Ordinal)), e =>
                Assert.True(e.StartsWith($"{requestFile}(", StringComparison.Ordinal) && e.Contains(": error CG1050: ", StringComparison.Ordinal)
                    || BuildError().IsMatch(e), context));
        }
    }

    [Fact]
    public void The_worker_process_answers_corrupt_input_with_build_errors()
    {
        var (model, request) = WriteRequest(new GraphMutator(GraphSeed.All).Create(1003));
        var damaged = Path.Combine(_scratch, "damaged.request");
        File.WriteAllText(damaged, File.ReadAllText(model).Replace("full-path", "full-pathology", StringComparison.Ordinal));

        var (modelExit, modelOutput) = RunProcess(model);
        var (requestExit, requestOutput) = RunProcess(damaged);

        Assert.True(modelExit == 1, modelOutput);
        Assert.Matches(ItemError(request), modelOutput);
        Assert.Equal(1, requestExit);
        Assert.True(requestOutput.StartsWith($"{damaged}(3) : error CG1050: the CheckpointGen request file {damaged} is unreadable", StringComparison.Ordinal), requestOutput);
    }

    private (string File, BuildRequest Request) WriteRequest(GraphMutant mutant)
    {
        var path = mutant.WriteTo(_scratch);
        var output = Path.Combine(_scratch, "obj-" + mutant.Seed);
        var request = new BuildRequest(mutant.Model.Item == "" ? "model" : mutant.Model.Item, path, Path.Combine(_scratch, "App.csproj"), _scratch, output, "Fuzz",
            new ItemMetadata(ClassName: "Model", Outputs: mutant.Model.Outputs, Inputs: mutant.Model.Inputs));
        var file = Path.Combine(_scratch, $"mutant-{mutant.Seed}.request");
        File.WriteAllText(file, BuildRequestFormat.Write([request]));
        return (file, request);
    }

    private static (int Exit, string[] Lines) RunInProcess(string requestFile)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = WorkerEntry.Run([requestFile], output, error);
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>The worker as the task starts it: <c>dotnet CheckpointGen.Build.dll REQUEST</c>.</summary>
    private static (int Exit, string Output) RunProcess(string requestFile)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(WorkerEntry).Assembly.Location);
        start.ArgumentList.Add(requestFile);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the worker process did not finish within 2 minutes");
        }
        return (process.ExitCode, stdout.Result);
    }

    /// <summary>A CG1xxx error (not CG1099) on the project file, naming the item.</summary>
    private static Regex ItemError(BuildRequest request) =>
        new($"^{Regex.Escape(request.ProjectFile)} : error CG1(?!099)[0-9]{{3}}: <Checkpoint Include=\"{Regex.Escape(request.ItemSpec)}\">: ", RegexOptions.Multiline);

    [GeneratedRegex(@" : error CG1(?!099)[0-9]{3}: ")]
    private static partial Regex BuildError();

    /// <summary>The ways a request file gets damaged: lines lost, doubled, swapped or cut, characters flipped, another version's header, odd values.</summary>
    private static (string Text, string What) CorruptRequest(string valid, Random random)
    {
        var lines = valid.Split('\n').ToList();
        var at = random.Next(lines.Count);
        switch (random.Next(8))
        {
            case 0:
                lines.RemoveAt(at);
                return (string.Join('\n', lines), $"line {at + 1} removed");
            case 1:
                lines.Insert(at, lines[at]);
                return (string.Join('\n', lines), $"line {at + 1} doubled");
            case 2:
                var keep = random.Next(valid.Length);
                return (valid.Substring(0, keep), $"cut to {keep} characters");
            case 3:
                var chars = valid.ToCharArray();
                var flipped = random.Next(chars.Length);
                chars[flipped] = "\t\\\n\r\0x:/é"[random.Next(9)];
                return (new string(chars), $"character {flipped} replaced");
            case 4:
                return (valid.Replace("checkpointgen-request\t1", "checkpointgen-request\t" + random.Next(2, 99), StringComparison.Ordinal), "another version");
            case 5:
                return (valid.Replace("\nmetadata\tOutputs\t", "\nmetadata\tOutputs\tnowhere:7;", StringComparison.Ordinal), "an output naming no node");
            case 6:
                var field = lines.FindIndex(l => l.StartsWith("output-dir\t", StringComparison.Ordinal));
                lines[field] = "output-dir\t" + new StringBuilder().Append('\0', 3);
                return (string.Join('\n', lines), "an output folder with NUL characters");
            default:
                return (string.Empty, "empty");
        }
    }
}
