using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format.Table;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.BadInput;

/// <summary>Index files that are not well-formed tables: footer, handles, key order, compression.</summary>
public sealed class TableStructureTests
{
    private static readonly TableEntry Header = new(Array.Empty<byte>(), new BundleHeaderProto { NumShards = 1 }.ToByteArray());

    private static readonly byte[] FloatEntry = new BundleEntryProto { Dtype = DataType.DtFloat, Size = 4 }.ToByteArray();

    [Fact]
    public void Bad_footer_magic_is_refused_with_its_offset()
    {
        var index = TableBuilder.FromEntries(new[] { Header }).Build();
        index[^1] ^= 0xff;

        var error = Expect.TableRefused(index, "footer magic is 0x24");

        Assert.Equal(index.Length - 8, error.Offset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(47)]
    public void File_shorter_than_the_footer_is_refused(int length)
    {
        var error = Expect.TableRefused(new byte[length], $"file is {length} bytes, shorter than the 48-byte table footer");

        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void Truncated_footer_is_refused()
    {
        var index = TableBuilder.FromEntries(new[] { Header }).Build();

        Expect.TableRefused(index.AsSpan(0, index.Length - 3).ToArray(), "not a table: footer magic");
    }

    [Theory]
    [InlineData(1000UL, 10UL)]
    [InlineData(0UL, 1000UL)]
    [InlineData(ulong.MaxValue, ulong.MaxValue)]
    public void Index_block_handle_out_of_range_is_refused(ulong offset, ulong size)
    {
        var index = TableBuilder.FromEntries(new[] { Header }).Build();
        TableBuilder.Footer(default, new BlockHandle(offset, size)).CopyTo(index, index.Length - TableFormat.FooterLength);

        Expect.TableRefused(index, $"index block handle (offset {offset}, size {size}) points outside");
    }

    [Fact]
    public void Data_block_handle_out_of_range_is_refused()
    {
        var index = TableBuilder.FromEntries(new[] { Header }).Build((_, h) => h with { Size = h.Size + 500 });

        var error = Expect.TableRefused(index, "data block handle (offset 0, size");

        Assert.Contains("points outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_blocks_that_overlap_are_refused_so_work_stays_linear_in_the_file()
    {
        var table = new TableBuilder().AddBlock(new[] { Header });
        for (var i = 0; i < 3; i++)
        {
            table.AddBlock(Array.Empty<TableEntry>());
        }
        table.Build();
        var second = table.DataBlocks[1];

        Expect.TableRefused(table.Build((i, h) => i == 0 ? h : second), $"data block at offset {second.Offset} overlaps the previous data block");
    }

    [Fact]
    public void Keys_out_of_order_are_refused_naming_the_key() =>
        Expect.TableRefused(
            TableBuilder.FromEntries(new[] { Header, new TableEntry(Wire.Utf8("b"), FloatEntry), new TableEntry(Wire.Utf8("a"), FloatEntry) }).Build(),
            "table keys are not strictly increasing",
            "a");

    [Fact]
    public void Repeated_key_across_blocks_is_refused() =>
        Expect.TableRefused(
            TableBuilder.FromEntries(new[] { Header, new TableEntry(Wire.Utf8("a"), FloatEntry), new TableEntry(Wire.Utf8("a"), FloatEntry) }, entriesPerBlock: 2).Build(),
            "table keys are not strictly increasing",
            "a");

    [Fact]
    public void Unknown_compression_type_is_refused() =>
        Expect.TableRefused(new TableBuilder().AddStoredBlock(BlockEncoder.Encode(new[] { Header }), 2, Array.Empty<byte>()).Build(), "data block has compression type 2");

    [Fact]
    public void Restart_count_larger_than_the_block_is_refused()
    {
        var contents = BlockEncoder.Encode(new[] { Header });
        contents[^4] = 0xff;

        Expect.TableRefused(new TableBuilder().AddStoredBlock(contents, TableFormat.NoCompression, Array.Empty<byte>()).Build(), "block claims 255 restart points");
    }

    [Fact]
    public void Key_sharing_more_bytes_than_the_previous_key_has_is_refused()
    {
        var contents = BlockEncoder.Encode(new[] { Header, new TableEntry(Wire.Utf8("ab"), FloatEntry) }, restartInterval: 16);
        contents[Array.IndexOf(contents, (byte)'a') - 3] = 5;

        Expect.TableRefused(new TableBuilder().AddStoredBlock(contents, TableFormat.NoCompression, Wire.Utf8("ab")).Build(), "entry shares 5 key bytes with a 0-byte previous key");
    }
}
