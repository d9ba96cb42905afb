#if NET
using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CheckpointGen.Runtime.Format;

public static partial class Crc32C
{
    private static uint UpdateX64(uint state, ReadOnlySpan<byte> data)
    {
        ulong crc = state;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            crc = Sse42.X64.Crc32(crc, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i)));
        }
        var s = (uint)crc;
        for (; i < data.Length; i++)
        {
            s = Sse42.Crc32(s, data[i]);
        }
        return s;
    }

    private static uint UpdateArm64(uint state, ReadOnlySpan<byte> data)
    {
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            state = Crc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i)));
        }
        for (; i < data.Length; i++)
        {
            state = Crc32.ComputeCrc32C(state, data[i]);
        }
        return state;
    }
}
#endif
