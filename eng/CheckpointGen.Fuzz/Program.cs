using CheckpointGen.Fuzz;
using CheckpointGen.Tests;

FuzzOptions options;
try
{
    options = FuzzOptions.Parse(args, Path.Combine(FixturePaths.RepoRoot, "artifacts", "fuzz"));
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 64;
}
return new FuzzLoop(options, FuzzOptions.Targets[options.Target]()).Run();
