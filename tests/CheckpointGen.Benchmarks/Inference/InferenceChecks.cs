namespace CheckpointGen.Benchmarks.Inference;

/// <summary>Setup-time agreement checks: a benchmark of a wrong result measures nothing.</summary>
internal static class InferenceChecks
{
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(actual[i] - expected[i]) > 1e-4 + 1e-3 * Math.Abs(expected[i]))
                throw new InvalidOperationException($"{what}: element {i} is {actual[i]}, expected {expected[i]}.");
        }
    }
}
