namespace CheckpointGen.Runtime.Format;

public static partial class Crc32C
{
    /// <summary>The Castagnoli polynomial, bit-reflected: bit 31 is the coefficient of x^0.</summary>
    private const uint Polynomial = 0x82F63B78;

    private static readonly uint[] Table = BuildTable();

    /// <summary>
    /// Slicing-by-8: the portable path, for targets without a CRC32C instruction, and the reference
    /// the accelerated paths are tested against.
    /// </summary>
    internal static uint UpdateTable(uint state, ReadOnlySpan<byte> data)
    {
        var t = Table;
        while (data.Length >= 8)
        {
            var lo = state ^ (uint)(data[0] | data[1] << 8 | data[2] << 16 | data[3] << 24);
            var hi = (uint)(data[4] | data[5] << 8 | data[6] << 16 | data[7] << 24);
            state = t[(7 * 256) + (lo & 0xff)] ^ t[(6 * 256) + ((lo >> 8) & 0xff)]
                ^ t[(5 * 256) + ((lo >> 16) & 0xff)] ^ t[(4 * 256) + (lo >> 24)]
                ^ t[(3 * 256) + (hi & 0xff)] ^ t[(2 * 256) + ((hi >> 8) & 0xff)]
                ^ t[256 + ((hi >> 16) & 0xff)] ^ t[hi >> 24];
            data = data.Slice(8);
        }
        foreach (var b in data)
        {
            state = t[(state ^ b) & 0xff] ^ (state >> 8);
        }
        return state;
    }

    /// <summary>Multiplies a reflected polynomial by x, modulo the CRC polynomial.</summary>
    private static uint MultiplyByX(uint value) => (value & 1) != 0 ? (value >> 1) ^ Polynomial : value >> 1;

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = MultiplyByX(c);
            }
            table[i] = c;
        }
        for (var i = 0; i < 256; i++)
        {
            for (var s = 1; s < 8; s++)
            {
                var prev = table[((s - 1) * 256) + i];
                table[(s * 256) + i] = (prev >> 8) ^ table[prev & 0xff];
            }
        }
        return table;
    }
}
