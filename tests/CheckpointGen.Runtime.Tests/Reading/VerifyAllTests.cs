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

    [Fact]
    public void A_large_tensor_checksummed_in_chunks_verifies_and_a_flipped_byte_in_a_later_chunk_fails()
    {
        using var dir = new TempDirectory();
        var builder = new BundleBuilder();
        // Past the size verified in chunks on every core, and not a whole number of chunks.
        var bytes = new byte[(64 << 20) + 4099];
        new Random(9).NextBytes(bytes);
        builder.AddTensor("embedding", DataType.DtUint8, new long[] { bytes.Length }, bytes);
        var prefix = builder.Write(dir.Path);
        using (var intact = Checkpoint.Open(prefix))
        {
            Assert.Empty(intact.VerifyAll());
        }
        var data = prefix + ".data-00000-of-00001";
        using (var file = File.Open(data, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = (40 << 20) + 17;
            var value = file.ReadByte();
            file.Position--;
            file.WriteByte((byte)(value ^ 0x10));
        }
        using var damaged = Checkpoint.Open(prefix);

        var problem = Assert.Single(damaged.VerifyAll());

        Assert.IsType<CheckpointChecksumException>(problem);
        Assert.Equal("embedding", problem.TensorName);
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
