using System.Diagnostics;
using CheckpointGen.Inference.Graphs;
using static CheckpointGen.Compiler.Tests.Infrastructure.ExampleBytes;

namespace CheckpointGen.Compiler.Tests.ExampleParsing;

/// <summary>The generated parse's wire reader on bad bytes: a clear exception naming the example and the byte offset, never a crash, a hang or a read past the example.</summary>
public class ExampleParserBadInputTests
{
    private static readonly byte[] Good = Example(("x", Floats(1)));

    public static TheoryData<byte[], string> Damaged => new()
    {
        { Good[..^1], "byte 1: a length of 15 bytes runs past the end of its message (14 bytes left)" },
        { [0x0A, 0x7F, 0x0A], "byte 1: a length of 127 bytes runs past the end of its message (1 bytes left)" },
        { [0x0A, 0x02, 0x08, 0x01], "byte 2: a Features message holds feature-map entries (field 1, length-delimited); found field 1, wire type 0" },
        { [0x0B], "byte 0: wire type 3 is a group, which tf.Example does not use" },
        { [0x0F], "byte 0: wire type 7 is not a protocol-buffer wire type" },
        { [0x00], "byte 0: the tag 0 has field number 0; field numbers are 1 to 2^29-1" },
        { [0x08, .. Enumerable.Repeat((byte)0xFF, 10)], "byte 1: a varint runs longer than 10 bytes" },
        { [0x08, 0x80], "byte 1: the bytes end inside a varint" },
        { Example(("x", Delimited(2, [0x08, 0x01]))), "a float_list holds field 1 with wire type 5, or packed (2); found field 1, wire type 0" },
        { Example(("x", Delimited(2, Delimited(1, [1, 2, 3])))), "packed float values take 4 bytes each; the run has 3 bytes" },
        { Example(("x", Delimited(2, [0x0D, 1, 2]))), "a 4-byte value starts 2 bytes before the end of its message" },
        { Example(("x", [0x20, 0x01])), "a Feature holds a bytes_list, float_list or int64_list (fields 1 to 3, length-delimited); found field 4, wire type 0" },
        { Delimited(1, Delimited(1, [0x18, 0x01])), "a feature-map entry holds its key (field 1) and Feature (field 2), both length-delimited; found field 3, wire type 0" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Malformed_bytes_are_an_exception_naming_the_example_and_the_offset(byte[] damaged, string message)
    {
        ReadOnlyMemory<byte>[] examples = [Good, damaged];

        var error = Assert.Throws<ExampleFormatException>(() => Examples.Dense(examples, "x"u8, ReadOnlySpan<float>.Empty, new float[2]));

        Assert.StartsWith("Example 1 (parsing feature 'x'), byte ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Example);
        Assert.InRange(error.Offset, 0, damaged.Length);
    }

    [Fact]
    public void Unknown_fields_of_the_example_are_skipped_as_protobuf_skips_them()
    {
        // A varint, a fixed64, a fixed32 and a length-delimited field of other numbers around the features.
        byte[] example = [0x10, 0x96, 0x01, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, .. Good, 0x25, 1, 2, 3, 4, 0x2A, 0x01, 0xFF];
        var output = new float[1];

        Examples.Dense([example], "x"u8, ReadOnlySpan<float>.Empty, output);

        Assert.Equal(1f, output[0]);
    }

    /// <summary>
    /// A few thousand mutants of valid examples (bit flips, bytes overwritten, inserted, dropped,
    /// truncations, lengths made huge): each parses or throws <see cref="ExampleFormatException"/>,
    /// in bounded time. Seeded: a failure names the mutant that reproduces it.
    /// </summary>
    [Fact]
    public void Mutated_examples_parse_or_throw_ExampleFormatException()
    {
        byte[][] seeds =
        [
            Example(("vec", Floats(1, 2, 3)), ("ids", Int64s(4, -5))),
            Example(("ids", Int64List(false, long.MinValue, 300)), ("vec", FloatList(false, 1, 2, 3)), ("name", Bytes("a", "bc"))),
            Example(("vec", Floats(0, 0, 0)), ("vec", Floats(4, 5, 6)), ("ids", NoList)),
        ];
        var clock = Stopwatch.StartNew();
        var parsed = 0;
        for (var mutant = 0; mutant < 4000; mutant++)
        {
            var random = new Random(mutant);
            var bytes = Mutate(seeds[mutant % seeds.Length], random);
            try
            {
                Examples.Dense([bytes], "vec"u8, [9f, 9f, 9f], new float[3]);
                Examples.Dense([bytes], "ids"u8, [1L, 2L], new long[2]);
                parsed++;
            }
            catch (ExampleFormatException e)
            {
                Assert.True(e.Offset <= bytes.Length, $"mutant {mutant}: offset {e.Offset} beyond its {bytes.Length} bytes");
            }
            catch (Exception e)
            {
                Assert.Fail($"mutant {mutant} ({Convert.ToHexString(bytes)}): {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.InRange(parsed, 1, 3999);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"4000 mutants took {clock.Elapsed}");
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        for (var n = random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                case 3: bytes.RemoveAt(at); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.InsertRange(at, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]); break;
            }
        }
        return bytes.ToArray();
    }
}
