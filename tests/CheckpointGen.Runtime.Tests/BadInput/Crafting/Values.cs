using System.Runtime.InteropServices;

namespace CheckpointGen.Runtime.Tests.BadInput.Crafting;

/// <summary>Tensor bytes from values, in the machine's (little-endian) order.</summary>
internal static class Values
{
    public static byte[] Bytes<T>(params T[] values)
        where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
