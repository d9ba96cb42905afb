namespace CheckpointGen.Runtime.Reading;

/// <summary>
/// Verifies tensors on the calling thread and, for enough bytes on a machine with more than one
/// core, on one thread-pool thread beside it. Each tensor is checksummed straight out of the page
/// cache (see BundleStore.Verify): the work is the checksum's computation, which two cores share.
/// </summary>
internal static class TwoWorkerVerification
{
    /// <summary>Below this the second thread costs more to start than it saves.</summary>
    private const long MinParallelBytes = 8L << 20;

    /// <summary>
    /// Runs <paramref name="verify"/> once per tensor, each tensor on one thread. Returns the
    /// <see cref="CheckpointException"/>s in the tensors' order; any other exception stops both
    /// workers and is rethrown once both have stopped (the caller may then dispose the store).
    /// </summary>
    public static IReadOnlyList<CheckpointException> Run(IReadOnlyList<CheckpointVariable> tensors, Action<CheckpointVariable> verify, IProgress<long>? progress)
    {
        var failures = new CheckpointException?[tensors.Count];
        var next = -1;
        long done = 0;
        var gate = new object();

        void Work()
        {
            try
            {
                for (int i; (i = Interlocked.Increment(ref next)) < tensors.Count;)
                {
                    try
                    {
                        verify(tensors[i]);
                    }
                    catch (CheckpointException e)
                    {
                        failures[i] = e;
                    }
                    if (progress is not null)
                    {
                        // Under the lock so the reported total only grows.
                        lock (gate)
                        {
                            done += Math.Max(0, tensors[i].Size);
                            progress.Report(done);
                        }
                    }
                }
            }
            catch
            {
                Volatile.Write(ref next, tensors.Count);
                throw;
            }
        }

        if (Environment.ProcessorCount > 1 && tensors.Count > 1 && TotalBytes(tensors) >= MinParallelBytes)
        {
            var helper = Task.Run(Work);
            try
            {
                Work();
            }
            finally
            {
                // The helper may still be reading; it must finish before the caller can dispose.
                ((IAsyncResult)helper).AsyncWaitHandle.WaitOne();
            }
            helper.GetAwaiter().GetResult();
        }
        else
        {
            Work();
        }
        return failures.OfType<CheckpointException>().ToList();
    }

    private static long TotalBytes(IReadOnlyList<CheckpointVariable> tensors)
    {
        long total = 0;
        foreach (var tensor in tensors)
        {
            total += Math.Max(0, tensor.Size);
            if (total >= MinParallelBytes)
            {
                break;
            }
        }
        return total;
    }
}
