using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Text;
using CheckpointGen.Runtime.Format;

namespace CheckpointGen.Runtime.Tests.Format;

/// <summary>
/// CRC32C against published vectors, and every accelerated path against the slicing-by-8 table
/// on every length up to 2048 (each path's block, lane and tail boundaries) and on large buffers.
/// </summary>
public sealed class Crc32CTests
{
    [Fact]
    public void Check_value_of_the_standard_test_string() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));

    /// <summary>The test vectors of RFC 3720 (iSCSI), appendix B.4.</summary>
    [Theory]
    [InlineData(0x00, 0, 0x8A9136AAu)]
    [InlineData(0xFF, 0, 0x62A8AB43u)]
    [InlineData(0x00, 1, 0x46DD794Eu)]
    [InlineData(0x1F, -1, 0x113FDB5Cu)]
    public void Rfc3720_vectors(int first, int step, uint expected)
    {
        var data = Enumerable.Range(0, 32).Select(i => (byte)(first + (step * i))).ToArray();

        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(~expected, Crc32C.UpdateTable(~0u, data));
    }

    [Fact]
    public void Empty_input_leaves_the_crc_unchanged()
    {
        Assert.Equal(0u, Crc32C.Compute(ReadOnlySpan<byte>.Empty));
        Assert.Equal(0xDEADBEEFu, Crc32C.Append(0xDEADBEEF, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Mask_rotates_and_adds_leveldbs_delta_and_unmask_reverses_it()
    {
        Assert.Equal(0xa282ead8u, Crc32C.Mask(0));
        Assert.Equal(0xa282ead8u + (1u << 17), Crc32C.Mask(1));
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var crc = (uint)random.NextInt64(0, 1L << 32);
            Assert.Equal(crc, Crc32C.Unmask(Crc32C.Mask(crc)));
            Assert.Equal(crc, Crc32C.Mask(Crc32C.Unmask(crc)));
        }
    }

    public static TheoryData<string> Paths()
    {
        var paths = new TheoryData<string> { "dispatch", "copying" };
        if (Sse42.X64.IsSupported || Crc32.Arm64.IsSupported)
        {
            paths.Add("scalar");
            paths.Add("interleaved");
        }
        if (Crc32C.Folding.IsSupported)
        {
            paths.Add("folding");
        }
        return paths;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_length_up_to_2048_matches_the_table(string path)
    {
        var random = new Random(path.Length);
        var buffer = RandomBytes(random, 2048 + 64);
        var mismatches = new List<int>();
        for (var length = 0; length <= 2048; length++)
        {
            var data = buffer.AsSpan(random.Next(64), length);
            var state = (uint)random.NextInt64(0, 1L << 32);
            if (Update(path, state, data) != Crc32C.UpdateTable(state, data))
            {
                mismatches.Add(length);
            }
        }
        Assert.Empty(mismatches);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Large_buffers_match_the_table(string path)
    {
        var random = new Random(path.Length);
        // Around the interleaved block (3 × 4096), around where dispatch leaves the one-stream loop
        // (64 KiB), then large buffers with every kind of tail.
        foreach (var length in new[] { (3 * 4096) - 1, 3 * 4096, (3 * 4096) + 1, (64 * 1024) - 1, 64 * 1024, (64 * 1024) + 13, (1 << 20) + 7, (3 << 20) + 5 })
        {
            var data = RandomBytes(random, length + 1).AsSpan(1);
            var state = (uint)random.NextInt64(0, 1L << 32);
            Assert.Equal(Crc32C.UpdateTable(state, data), Update(path, state, data));
        }
    }

    [Fact]
    public void Appending_in_pieces_equals_computing_at_once()
    {
        var random = new Random(11);
        foreach (var length in new[] { 1000, 3 * 4096, 100_000, (1 << 20) + 3, 5 << 20 })
        {
            var data = RandomBytes(random, length);
            var whole = Crc32C.Compute(data);
            Assert.Equal(~Crc32C.UpdateTable(~0u, data), whole);
            for (var i = 0; i < 8; i++)
            {
                var split = random.Next(length + 1);
                Assert.Equal(whole, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
            }
        }
    }

    private static uint Update(string path, uint state, ReadOnlySpan<byte> data) => path switch
    {
        "dispatch" => ~Crc32C.Append(~state, data),
        "scalar" => Crc32C.UpdateScalar(state, data),
        "interleaved" => Crc32C.Interleaved.Update(state, data),
        "folding" => Crc32C.Folding.Update(state, data),
        "copying" => CopyAndUpdate(state, data),
        _ => throw new ArgumentOutOfRangeException(nameof(path), path, "unknown CRC path"),
    };

    /// <summary>The copying CRC, which must also leave an exact copy behind.</summary>
    private static uint CopyAndUpdate(uint state, ReadOnlySpan<byte> data)
    {
        var copy = new byte[data.Length];
        var result = ~Crc32C.CopyAndAppend(~state, data, copy);
        Assert.True(data.SequenceEqual(copy), $"the copy of {data.Length} bytes differs");
        return result;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
