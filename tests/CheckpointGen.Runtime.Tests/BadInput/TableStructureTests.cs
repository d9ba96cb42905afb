using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format.Table;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Index files that are not well-formed tables: footer, handles, key order, compression.</summary>
public sealed class TableStructureTests
{
    private static readonly TableEntry Header = new(Array.Empty<byte>(), new BundleHeaderProto { NumShards = 1 }.ToByteArray());

    [Fact]
    public void Bad_footer_magic_is_refused_with_its_offset()
    {
        using var dir = new TempDirectory();
        var index = TableBuilder.FromEntries(new[] { Header }).Build();
        index[^1] ^= 0xff;
        var path = Write(dir, index);

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, "footer magic is 0x24");
        Assert.Equal(index.Length - 8, error.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(47)]
    public void File_shorter_than_the_footer_is_refused(int length)
    {
        using var dir = new TempDirectory();
        var path = Write(dir, new byte[length]);

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, $"file is {length} bytes, shorter than the 48-byte table footer");
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void Truncated_footer_is_refused()
    {
        using var dir = new TempDirectory();
        var index = TableBuilder.FromEntries(new[] { Header }).Build();
        var path = Write(dir, index.AsSpan(0, index.Length - 3).ToArray());

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, "not a table: footer magic");
    }

    [Theory]
    [InlineData(1000UL, 10UL)]
    [InlineData(0UL, 1000UL)]
    [InlineData(ulong.MaxValue, ulong.MaxValue)]
    public void Index_block_handle_out_of_range_is_refused(ulong offset, ulong size)
    {
        using var dir = new TempDirectory();
        var table = TableBuilder.FromEntries(new[] { Header });
        var index = table.Build();
        TableBuilder.Footer(default, new BlockHandle(offset, size)).CopyTo(index, index.Length - TableFormat.FooterLength);
        var path = Write(dir, index);

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, $"index block handle (offset {offset}, size {size}) points outside");
    }

    [Fact]
    public void Data_block_handle_out_of_range_is_refused()
    {
        using var dir = new TempDirectory();
        var index = TableBuilder.FromEntries(new[] { Header }).Build((_, h) => h with { Size = h.Size + 500 });
        var path = Write(dir, index);

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, "data block handle (offset 0, size");
        Assert.Contains("points outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_blocks_that_overlap_are_refused_so_work_stays_linear_in_the_file()
    {
        using var dir = new TempDirectory();
        var table = new TableBuilder().AddBlock(new[] { Header });
        for (var i = 0; i < 3; i++)
        {
            table.AddBlock(Array.Empty<TableEntry>());
        }
        table.Build();
        var second = table.DataBlocks[1];
        var path = Write(dir, table.Build((i, h) => i == 0 ? h : second));

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, "overlaps");
    }

    [Fact]
    public void Keys_out_of_order_are_refused_naming_the_key()
    {
        using var dir = new TempDirectory();
        var entry = new BundleEntryProto { Dtype = DataType.DtFloat, Size = 4 }.ToByteArray();
        var index = TableBuilder.FromEntries(new[] { Header, new TableEntry(Wire.Utf8("b"), entry), new TableEntry(Wire.Utf8("a"), entry) }).Build();
        var path = Write(dir, index);

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, "table keys are not strictly increasing", "a");
    }

    [Fact]
    public void Repeated_key_across_blocks_is_refused()
    {
        using var dir = new TempDirectory();
        var entry = new BundleEntryProto { Dtype = DataType.DtFloat, Size = 4 }.ToByteArray();
        var index = TableBuilder.FromEntries(new[] { Header, new TableEntry(Wire.Utf8("a"), entry), new TableEntry(Wire.Utf8("a"), entry) }, entriesPerBlock: 2).Build();
        var path = Write(dir, index);

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, "table keys are not strictly increasing", "a");
    }

    [Fact]
    public void Unknown_compression_type_is_refused()
    {
        using var dir = new TempDirectory();
        var index = new TableBuilder().AddStoredBlock(BlockEncoder.Encode(new[] { Header }), 2, Array.Empty<byte>()).Build();
        var path = Write(dir, index);

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, "compression type 2");
    }

    [Fact]
    public void Restart_count_larger_than_the_block_is_refused()
    {
        using var dir = new TempDirectory();
        var contents = BlockEncoder.Encode(new[] { Header });
        contents[^4] = 0xff;
        var index = new TableBuilder().AddStoredBlock(contents, TableFormat.NoCompression, Array.Empty<byte>()).Build();
        var path = Write(dir, index);

        var error = Expect.OpenFails<CheckpointFormatException>(path);

        Expect.Names(error, path, "restart points");
    }

    private static string Write(TempDirectory dir, byte[] index)
    {
        var path = dir.Combine("model.ckpt.index");
        File.WriteAllBytes(path, index);
        return path;
    }
}
