using System.Globalization;

namespace CheckpointGen.Compiler.Tests.Infrastructure;

/// <summary>The tolerance against TensorFlow.js: |a - b| ≤ 1e-5 + 1e-4·|b|.</summary>
internal static class Close
{
    public static void Assert(float[] expected, float[] actual, string what)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var limit = 1e-5 + 1e-4 * Math.Abs(expected[i]);
            if (!(Math.Abs(expected[i] - actual[i]) <= limit) && !(float.IsNaN(expected[i]) && float.IsNaN(actual[i])) && expected[i] != actual[i])
            {
                Xunit.Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{what}[{i}]: expected {expected[i]:R}, generated code computed {actual[i]:R}"));
            }
        }
    }

    public static float[] Random(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
    }
}
