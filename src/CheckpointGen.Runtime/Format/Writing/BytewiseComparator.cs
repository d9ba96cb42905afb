namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// The key shortening of LevelDB's BytewiseComparator, which picks the index block's keys. A
/// reader only needs separators to order correctly, but TensorFlow's exact choice is what makes
/// a written index identical to TensorFlow's.
/// </summary>
internal static class BytewiseComparator
{
    /// <summary>
    /// A key in [<paramref name="start"/>, <paramref name="limit"/>): <paramref name="start"/>
    /// cut after the first differing byte, that byte incremented, when the result stays below
    /// <paramref name="limit"/>; otherwise <paramref name="start"/> itself.
    /// </summary>
    public static byte[] FindShortestSeparator(ReadOnlySpan<byte> start, ReadOnlySpan<byte> limit)
    {
        var minLength = Math.Min(start.Length, limit.Length);
        var diff = 0;
        while (diff < minLength && start[diff] == limit[diff])
        {
            diff++;
        }
        if (diff < minLength && start[diff] < 0xff && start[diff] + 1 < limit[diff])
        {
            var separator = start.Slice(0, diff + 1).ToArray();
            separator[diff]++;
            return separator;
        }
        return start.ToArray();
    }

    /// <summary>
    /// A short key ≥ <paramref name="key"/>: cut after the first byte that is not 0xff, that byte
    /// incremented; a key of only 0xff bytes is its own successor.
    /// </summary>
    public static byte[] FindShortSuccessor(ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] != 0xff)
            {
                var successor = key.Slice(0, i + 1).ToArray();
                successor[i]++;
                return successor;
            }
        }
        return key.ToArray();
    }
}
