using CheckpointGen.Build;

// Usage: CheckpointGen.Build [--design-time] [--embedded-warning-size BYTES] <request file>... [--others <request file>...]
// (WorkerCommandLine). Exit code 0 when every item succeeded; 1 when any failed (the errors are
// on stdout in MSBuild's canonical format, which the task logs as errors); 2 for a bad command line.
return WorkerEntry.Run(args, Console.Out, Console.Error);
