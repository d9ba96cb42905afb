using CheckpointGen.Runtime.Tests.BadInput.Crafting;

namespace CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

/// <summary>
/// Format-blind edits of a byte array: bit flips, boundary bytes, truncation, insertion,
/// deletion, varint boundary values, splices from other files. Each returns a new array and
/// says what it did.
/// </summary>
internal static class ByteMutations
{
    private static readonly byte[] BoundaryBytes = { 0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe };

    private static readonly ulong[] BoundaryValues =
    {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x3fff, 0x4000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 1UL << 32,
        1UL << 40, 1UL << 62, long.MaxValue, 1UL << 63, ulong.MaxValue,
    };

    public static byte[] Apply(Random random, byte[] data, IReadOnlyList<byte[]> others, out string description)
    {
        if (data.Length == 0)
        {
            return Insert(random, data, others, out description);
        }
        switch (random.Next(8))
        {
            case 0:
            {
                var at = random.Next(data.Length);
                var bit = random.Next(8);
                description = $"flip bit {bit} at {at}";
                var copy = (byte[])data.Clone();
                copy[at] ^= (byte)(1 << bit);
                return copy;
            }
            case 1:
            {
                var at = random.Next(data.Length);
                var value = BoundaryBytes[random.Next(BoundaryBytes.Length)];
                var run = Math.Min(data.Length - at, 1 + random.Next(8));
                description = $"set {run} bytes at {at} to 0x{value:x2}";
                var copy = (byte[])data.Clone();
                copy.AsSpan(at, run).Fill(value);
                return copy;
            }
            case 2:
            {
                var length = random.Next(4) == 0 ? random.Next(data.Length) : Math.Max(0, data.Length - 1 - random.Next(Math.Min(64, data.Length)));
                description = $"truncate to {length}";
                return data.AsSpan(0, length).ToArray();
            }
            case 3:
                return Insert(random, data, others, out description);
            case 4:
            {
                var at = random.Next(data.Length);
                var count = 1 + random.Next(Math.Min(data.Length - at, 32));
                description = $"delete {count} bytes at {at}";
                return Splice(data, at, count, ReadOnlySpan<byte>.Empty);
            }
            case 5:
                return ReplaceVarint(random, data, out description);
            case 6:
            {
                var at = random.Next(data.Length);
                var count = 1 + random.Next(Math.Min(data.Length - at, 64));
                var to = random.Next(data.Length + 1);
                description = $"duplicate {count} bytes at {at} into {to}";
                return Splice(data, to, 0, data.AsSpan(at, count));
            }
            default:
            {
                var source = others[random.Next(others.Count)];
                if (source.Length == 0)
                {
                    goto case 0;
                }
                var from = random.Next(source.Length);
                var count = 1 + random.Next(Math.Min(source.Length - from, 128));
                var at = random.Next(data.Length);
                description = $"overwrite at {at} with {count} bytes spliced from another file at {from}";
                var copy = (byte[])data.Clone();
                source.AsSpan(from, Math.Min(count, data.Length - at)).CopyTo(copy.AsSpan(at));
                return copy;
            }
        }
    }

    /// <summary>A varint boundary value in place of the varint (or byte) at a random position.</summary>
    public static byte[] ReplaceVarint(Random random, byte[] data, out string description)
    {
        var at = random.Next(data.Length);
        var end = at;
        while (end < data.Length && end - at < 10 && data[end] >= 0x80)
        {
            end++;
        }
        end = Math.Min(end + 1, data.Length);
        var value = BoundaryValues[random.Next(BoundaryValues.Length)];
        description = $"replace the {end - at}-byte varint at {at} with {value}";
        return Splice(data, at, end - at, Wire.Varint(value));
    }

    private static byte[] Insert(Random random, byte[] data, IReadOnlyList<byte[]> others, out string description)
    {
        var at = random.Next(data.Length + 1);
        var count = 1 + random.Next(32);
        var source = others[random.Next(others.Count)];
        byte[] inserted;
        if (source.Length > 0 && random.Next(2) == 0)
        {
            var from = random.Next(source.Length);
            inserted = source.AsSpan(from, Math.Min(count, source.Length - from)).ToArray();
            description = $"insert {inserted.Length} bytes spliced from another file at {from} into {at}";
        }
        else
        {
            inserted = new byte[count];
            random.NextBytes(inserted);
            description = $"insert {count} random bytes at {at}";
        }
        return Splice(data, at, 0, inserted);
    }

    /// <summary><paramref name="data"/> with <paramref name="remove"/> bytes at <paramref name="at"/> replaced by <paramref name="insert"/>.</summary>
    private static byte[] Splice(byte[] data, int at, int remove, ReadOnlySpan<byte> insert)
    {
        var result = new byte[data.Length - remove + insert.Length];
        data.AsSpan(0, at).CopyTo(result);
        insert.CopyTo(result.AsSpan(at));
        data.AsSpan(at + remove).CopyTo(result.AsSpan(at + insert.Length));
        return result;
    }
}
