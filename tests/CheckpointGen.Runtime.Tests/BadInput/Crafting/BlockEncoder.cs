namespace CheckpointGen.Runtime.Tests.BadInput.Crafting;

/// <summary>
/// Encodes entries into a table block exactly as given: keys are prefix-compressed but neither
/// sorted nor checked, so a test can store keys in any order.
/// </summary>
internal static class BlockEncoder
{
    public static byte[] Encode(IReadOnlyList<TableEntry> entries, int restartInterval = 16)
    {
        using var stream = new MemoryStream();
        var restarts = new List<uint>();
        var previous = Array.Empty<byte>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (key, value) = entries[i];
            var shared = 0;
            if (i % restartInterval == 0)
            {
                restarts.Add((uint)stream.Length);
            }
            else
            {
                while (shared < previous.Length && shared < key.Length && previous[shared] == key[shared])
                {
                    shared++;
                }
            }
            Wire.WriteVarint(stream, (ulong)shared);
            Wire.WriteVarint(stream, (ulong)(key.Length - shared));
            Wire.WriteVarint(stream, (ulong)value.Length);
            stream.Write(key, shared, key.Length - shared);
            stream.Write(value);
            previous = key;
        }
        if (restarts.Count == 0)
        {
            restarts.Add(0);
        }
        foreach (var restart in restarts)
        {
            Wire.WriteFixed32(stream, restart);
        }
        Wire.WriteFixed32(stream, (uint)restarts.Count);
        return stream.ToArray();
    }
}

/// <summary>One key and value of a table.</summary>
internal readonly record struct TableEntry(byte[] Key, byte[] Value);
