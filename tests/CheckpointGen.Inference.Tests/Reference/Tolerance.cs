namespace CheckpointGen.Inference.Tests.Reference;

/// <summary>The kernels' accuracy contract: |actual - expected| ≤ 1e-5 + 1e-4 · |expected|.</summary>
internal static class Tolerance
{
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, double absolute = 1e-5, double relative = 1e-4)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            bool same = double.IsNaN(e) ? double.IsNaN(a) : double.IsInfinity(e) ? e == a : Math.Abs(a - e) <= absolute + relative * Math.Abs(e);
            Assert.True(same, $"{what}: element {i} is {a:R}, expected {e:R} (|diff| {Math.Abs(a - e):G3})");
        }
    }

    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        return values;
    }
}
