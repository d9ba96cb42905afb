using CheckpointGen.Runtime;

namespace CheckpointGen.Planning.Storage;

/// <summary>
/// How many bytes an Embedded item puts into the assembly, known from the index before any
/// tensor is read, so that an item too large for an assembly fails at once with advice instead
/// of after reading gigabytes (or with an overflow deep in the reader).
/// </summary>
internal static class EmbeddedSize
{
    /// <summary>
    /// What one assembly can hold: a PE image whose sizes and resource offsets the compiler and
    /// the loader keep in 32-bit signed integers, code and metadata included.
    /// </summary>
    public const long AssemblyLimit = int.MaxValue;

    /// <summary>The packed weights' size: every tensor's stored bytes, each padded to <see cref="WeightPacker.Alignment"/>. Saturates at <see cref="long.MaxValue"/>.</summary>
    public static long Packed(IEnumerable<CheckpointVariable> kept)
    {
        long total = 0;
        foreach (var v in kept)
        {
            var padded = Add(Stored(v), WeightPacker.Alignment - 1) / WeightPacker.Alignment * WeightPacker.Alignment;
            total = Add(total, padded);
        }
        return total;
    }

    /// <summary>One tensor's bytes as the index gives them (for strings, the stored encoding, within a few bytes per element of the packed one).</summary>
    public static long Stored(CheckpointVariable v)
    {
        if (v.Size >= 0)
        {
            return v.Size;
        }
        var elementSize = TensorDataTypes.ElementSize(v.DataType);
        return elementSize > 0 && v.ElementCount > long.MaxValue / elementSize ? long.MaxValue : v.ElementCount * elementSize;
    }

    /// <summary>Sizes as people read them: "2.2 GiB".</summary>
    public static string Format(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.0} GiB" : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.0} MiB" : $"{bytes} bytes";

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
