using System.Text;
using CheckpointGen.Tool.Npy;

namespace CheckpointGen.Tool.Tests.Npy;

/// <summary>numpy's .npy format: the files numpy writes read back as their values; what predict cannot take is refused with the offset and the reason, never a huge allocation.</summary>
public sealed class NpyFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_float32_matrix_as_numpy_saves_it_reads_in_C_order()
    {
        var array = Read(NpyBytes.File("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", NpyBytes.Floats(0, 1, 2, 3, 4.5f, -5)));

        Assert.Same(NpyDType.Float32, array.DType);
        Assert.Equal([2L, 3L], array.Shape);
        Assert.Equal([0f, 1f, 2f, 3f, 4.5f, -5f], (float[])array.Values);
    }

    [Fact]
    public void Big_endian_float64_in_format_2_is_byte_swapped()
    {
        var array = Read(NpyBytes.File("{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }", NpyBytes.BigEndianDoubles(1.5, -2, 1e300), major: 2));

        Assert.Same(NpyDType.Float64, array.DType);
        Assert.Equal([1.5, -2, 1e300], (double[])array.Values);
    }

    [Fact]
    public void Int32_int64_and_bool_read_with_a_format_3_utf8_header_and_a_scalar_shape()
    {
        var ints = Read(NpyBytes.File("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", [.. BitConverter.GetBytes(-7), .. BitConverter.GetBytes(int.MaxValue)], major: 3));
        var longs = Read(NpyBytes.File("{'descr': '<i8', 'fortran_order': False, 'shape': (), }", BitConverter.GetBytes(long.MinValue)));
        var flags = Read(NpyBytes.File("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", [1, 0, 1]));

        Assert.Equal([-7, int.MaxValue], (int[])ints.Values);
        Assert.Empty(longs.Shape);
        Assert.Equal([long.MinValue], (long[])longs.Values);
        Assert.Equal([true, false, true], (bool[])flags.Values);
    }

    [Fact]
    public void The_writer_writes_numpys_header_byte_for_byte_and_reads_back()
    {
        var array = new NpyArray(NpyDType.Float32, [2, 3], new float[] { 1, 2, 3, 4, 5, 6 });
        using var stream = new MemoryStream();

        NpyFile.Write(stream, array);

        // numpy.save(np.arange(1, 7, dtype='<f4').reshape(2, 3)): a 118-byte header, data at 128.
        var expected = NpyBytes.File("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", NpyBytes.Floats(1, 2, 3, 4, 5, 6));
        Assert.Equal(expected, stream.ToArray());
        Assert.Equal(128 + 24, expected.Length);
        var back = Read(stream.ToArray());
        Assert.Equal((float[])array.Values, (float[])back.Values);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", "Fortran (column-major) order")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (4,), }", "Python objects")]
    [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (4,), }", "structured dtype")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", "the dtype '<c8' is not one predict takes: float32 ('<f4'), float64 ('<f8'), int32 ('<i4'), int64 ('<i8'), bool ('|b1')")]
    [InlineData("{'descr': '<f4', 'shape': (4,), }", "no 'fortran_order' key")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "not a tuple of non-negative integers")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), ", "ends inside a value")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os'), }", "unexpected '_'")]
    public void What_predict_cannot_take_is_refused_with_the_reason(string header, string reason)
    {
        var bytes = NpyBytes.File(header, new byte[16]);

        var e = Assert.Throws<NpyFormatException>(() => Read(bytes));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Contains("at byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_shorter_or_longer_than_the_shape_needs_is_refused()
    {
        const string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 1000), }";

        var shorter = Assert.Throws<NpyFormatException>(() => Read(NpyBytes.File(header, new byte[12])));
        var longer = Assert.Throws<NpyFormatException>(() => Read(NpyBytes.File("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[12])));

        Assert.Contains("at byte 128: 12 data bytes follow the header; shape (1000, 1000) of float32 needs 4000000", shorter.Message, StringComparison.Ordinal);
        Assert.Contains("12 data bytes follow the header; shape (2,) of float32 needs 8", longer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sizes_from_untrusted_bytes_are_bounded_before_anything_is_allocated()
    {
        // A format-2 header length of 4 GiB - 1, and a shape of 2^62 elements: both refused from the numbers alone.
        var hugeHeader = NpyBytes.File("{}", [], major: 2, pad: false);
        hugeHeader[8] = hugeHeader[9] = hugeHeader[10] = hugeHeader[11] = 0xFF;
        var hugeShape = NpyBytes.File("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648, 2147483648), }", new byte[4]);

        var header = Assert.Throws<NpyFormatException>(() => Read(hugeHeader));
        var shape = Assert.Throws<NpyFormatException>(() => Read(hugeShape));

        Assert.Contains("at byte 8: the header is 4294967295 bytes long; at most 65536 are read", header.Message, StringComparison.Ordinal);
        Assert.Contains("more elements than an array holds", shape.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 0 }, "at byte 0: not a .npy file")]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 4, 0, 0, 0, 0, 0 }, "at byte 6: format version 4.0; expected 1.0, 2.0 or 3.0")]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 100, 0 }, "at byte 10: the header needs 100 bytes, and the file ends after 0")]
    public void Not_a_npy_file_or_a_truncated_one_is_refused_at_its_offset(byte[] bytes, string reason)
    {
        var e = Assert.Throws<NpyFormatException>(() => Read(bytes));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_headers_are_refused_not_recursed_into()
    {
        var header = "{'descr': " + new string('(', 10_000) + new string(')', 10_000) + "}";

        var e = Assert.Throws<NpyFormatException>(() => Read(NpyBytes.File(header, [])));

        Assert.Contains("nested deeper than 16", e.Message, StringComparison.Ordinal);
        Assert.True(Encoding.Latin1.GetByteCount(header) < 65536);
    }

    private NpyArray Read(byte[] bytes)
    {
        var path = Path.Combine(_folder.Path, Guid.NewGuid().ToString("N") + ".npy");
        File.WriteAllBytes(path, bytes);
        return NpyFile.Read(path);
    }
}
