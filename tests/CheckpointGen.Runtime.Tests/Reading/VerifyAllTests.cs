using CheckpointGen.Protos;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Runtime.Tests.Reading;

/// <summary>VerifyAll on a checkpoint large enough to be verified on two threads.</summary>
public sealed class VerifyAllTests
{
    private const int TensorBytes = 1 << 20;
    private const int TensorCount = 24;

    [Fact]
    public void Failures_come_in_variable_order_and_progress_only_grows_to_the_total()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        var corrupt = new[] { 2, 5, 6, 17, 23 };
        for (var i = 0; i < TensorCount; i++)
        {
            var entry = builder.AddTensor($"t{i:D2}", DataType.DtUint8, new long[] { TensorBytes }, Filled((byte)i));
            if (corrupt.Contains(i))
            {
                entry.Crc32C ^= 1;
            }
        }
        using var checkpoint = Checkpoint.Open(builder.Write(dir.Path));
        var reported = new List<long>();

        var problems = checkpoint.VerifyAll(new ListProgress(reported));

        Assert.Equal(corrupt.Select(i => $"t{i:D2}"), problems.Select(p => p.TensorName));
        Assert.All(problems, p => Assert.IsType<CheckpointChecksumException>(p));
        Assert.Equal(TensorCount, reported.Count);
        Assert.Equal(reported.OrderBy(x => x), reported);
        Assert.Equal((long)TensorBytes * TensorCount, reported[^1]);
    }

    private static byte[] Filled(byte value)
    {
        var bytes = new byte[TensorBytes];
        bytes.AsSpan().Fill(value);
        return bytes;
    }

    /// <summary>Records every value in the order reported, whichever thread reports it.</summary>
    private sealed class ListProgress(List<long> values) : IProgress<long>
    {
        public void Report(long value)
        {
            lock (values)
            {
                values.Add(value);
            }
        }
    }
}
