using System.Numerics;
using System.Runtime.InteropServices;
using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format.Bundle;

namespace CheckpointGen.Runtime.Tests.Writing;

/// <summary>
/// What no real checkpoint in fixtures/ covers (partitioned variables, strings of every shape,
/// every dtype, large indexes, many shards), written by the writer and read back with the
/// project's reader.
/// </summary>
public sealed class WrittenCheckpointTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_fixed_size_dtype_reads_back_with_its_bytes()
    {
        var prefix = _temp["dtypes/ckpt"];
        var shape = TensorShape.Create(2, 3);
        var random = new Random(7);
        var written = new Dictionary<string, byte[]>();
        using (var writer = new CheckpointWriter(prefix))
        {
            foreach (var type in Enum.GetValues<TensorDataType>().Where(TensorDataTypes.IsFixedSize))
            {
                var bytes = new byte[shape.ElementCount * TensorDataTypes.ElementSize(type)];
                random.NextBytes(bytes);
                if (type == TensorDataType.Bool)
                {
                    bytes = bytes.Select(b => (byte)(b & 1)).ToArray();
                }
                var name = TensorDataTypes.Name(type);
                written[name] = bytes;
                writer.Add(name, shape, TensorData.FromBytes(type, bytes));
            }
            writer.Commit();
        }

        using var checkpoint = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        Assert.Equal(22, checkpoint.Variables.Count);
        Assert.Equal(written.Keys.OrderBy(k => k, StringComparer.Ordinal), checkpoint.Variables.Select(v => v.Name));
        foreach (var variable in checkpoint.Variables)
        {
            Assert.Equal(variable.Name, TensorDataTypes.Name(variable.DataType));
            Assert.Equal(shape, variable.Shape);
            Assert.Equal(written[variable.Name], checkpoint.ReadBytes(variable.Name));
        }
    }

    [Fact]
    public void Typed_values_are_stored_as_the_dtype_their_element_type_stands_for()
    {
        var prefix = _temp["typed"];
        var bf16 = new[] { (BFloat16)1.5f, (BFloat16)(-2f) };
        var half = new[] { (Half)0.25f, Half.MaxValue };
        var c64 = new[] { new Complex64(1, -1) };
        var c128 = new[] { new Complex(2, 3) };
        var flags = new[] { true, false, true };
        var big = new[] { ulong.MaxValue, 1UL };
        var floats = new float[] { 1, 2, 3, 4, 5, 6 };
        using (var writer = new CheckpointWriter(prefix))
        {
            writer.Add("bf16", TensorShape.Create(2), TensorData.FromValues(bf16));
            writer.Add("half", TensorShape.Create(2), TensorData.FromValues(half));
            writer.Add("c64", TensorShape.Create(1), TensorData.FromValues(c64));
            writer.Add("c128", TensorShape.Scalar, TensorData.FromValues(c128));
            writer.Add("flags", TensorShape.Create(3), TensorData.FromValues(flags));
            writer.Add("u64", TensorShape.Create(2, 1), TensorData.FromValues(big));
            writer.Add("slice_of_array", TensorShape.Create(2), TensorData.FromValues(new ReadOnlyMemory<float>(floats, 2, 2)));
            writer.Add("quantized", TensorShape.Create(2), TensorData.FromValues(TensorDataType.QInt32, new ReadOnlyMemory<int>(new[] { -5, 5 })));
            writer.Commit();
        }

        using var checkpoint = Checkpoint.Open(prefix);
        Assert.Equal(TensorDataType.BFloat16, checkpoint.GetVariable("bf16").DataType);
        Assert.Equal(bf16, checkpoint.Read<BFloat16>("bf16"));
        Assert.Equal(half, checkpoint.Read<Half>("half"));
        Assert.Equal(c64, checkpoint.Read<Complex64>("c64"));
        Assert.Equal(c128, checkpoint.Read<Complex>("c128"));
        Assert.Equal(flags, checkpoint.Read<bool>("flags"));
        Assert.Equal(big, checkpoint.Read<ulong>("u64"));
        Assert.Equal(new float[] { 3, 4 }, checkpoint.Read<float>("slice_of_array"));
        Assert.Equal(TensorDataType.QInt32, checkpoint.GetVariable("quantized").DataType);
        Assert.Equal(new[] { -5, 5 }, checkpoint.Read<int>("quantized"));
    }

    [Fact]
    public void String_tensors_of_every_shape_and_length_read_back()
    {
        var prefix = _temp["strings"];
        var longString = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var tensors = new Dictionary<string, (TensorShape Shape, byte[][] Values)>
        {
            ["scalar"] = (TensorShape.Scalar, new[] { "hello"u8.ToArray() }),
            ["empty_scalar"] = (TensorShape.Scalar, new[] { Array.Empty<byte>() }),
            ["matrix"] = (TensorShape.Create(2, 3), new[] { "a"u8.ToArray(), Array.Empty<byte>(), longString, new byte[] { 0, 0xff }, new byte[128], "ü"u8.ToArray() }),
            ["no_elements"] = (TensorShape.Create(0, 4), Array.Empty<byte[]>()),
            ["long"] = (TensorShape.Create(1), new[] { new byte[100_000] }),
        };
        using (var writer = new CheckpointWriter(prefix))
        {
            foreach (var (name, (shape, values)) in tensors)
            {
                writer.Add(name, shape, TensorData.FromStrings(values));
            }
            writer.Commit();
        }

        using var checkpoint = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        foreach (var (name, (shape, values)) in tensors)
        {
            var variable = checkpoint.GetVariable(name);
            Assert.Equal(TensorDataType.String, variable.DataType);
            Assert.Equal(shape, variable.Shape);
            Assert.Equal(values, checkpoint.ReadStrings(name));
            checkpoint.Verify(name);
        }
        // Lengths of 128 bytes and more take two varint bytes: 6 lengths, 2 of them long, then the checksum.
        Assert.Equal(8 + 4 + tensors["matrix"].Values.Sum(v => v.Length), checkpoint.GetVariable("matrix").Size);
    }

    [Fact]
    public void Partitioned_variables_read_back_whole_with_TensorFlows_entries()
    {
        var prefix = _temp["partitioned"];
        var vector = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        var matrix = Enumerable.Range(0, 5 * 7).Select(i => (long)i).ToArray();
        var matrixShape = TensorShape.Create(5, 7);
        var words = new[] { "w0", "w1", "w2", "w3", "w4" }.Select(s => System.Text.Encoding.UTF8.GetBytes(s)).ToArray();
        using (var writer = new CheckpointWriter(prefix))
        {
            // 1-D, uneven: 4 + 3 + 3, added out of order.
            writer.AddSlice("vector", TensorShape.Create(10), Slice((4, 3)), TensorData.FromValues(vector[4..7]));
            writer.AddSlice("vector", TensorShape.Create(10), Slice((0, 4)), TensorData.FromValues(vector[..4]));
            writer.AddSlice("vector", TensorShape.Create(10), Slice((7, 3)), TensorData.FromValues(vector[7..]));
            // 2-D: rows 0-2 and 3-4 of the first 4 columns, then the last 3 columns whole.
            foreach (var (rows, columns) in new[] { ((0L, 3L), (0L, 4L)), ((3, 2), (0, 4)), ((0, 5), (4, 3)) })
            {
                var block = Gather(matrix, matrixShape, rows, columns);
                writer.AddSlice("matrix", matrixShape, Slice(rows, columns), TensorData.FromValues(block));
            }
            writer.AddSlice("words", TensorShape.Create(5), Slice((0, 2)), TensorData.FromStrings(words[..2]));
            writer.AddSlice("words", TensorShape.Create(5), Slice((2, 3)), TensorData.FromStrings(words[2..]));
            // One partition covering everything is a plain tensor, as in TensorFlow.
            writer.AddSlice("whole", TensorShape.Create(2), new TensorSlice(new[] { SliceExtent.Full }), TensorData.FromValues(new[] { 1f, 2f }));
            writer.Commit();
        }

        using var checkpoint = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        Assert.Equal(new[] { "matrix", "vector", "whole", "words" }, checkpoint.Variables.Select(v => v.Name));
        Assert.Equal(vector, checkpoint.Read<float>("vector"));
        Assert.Equal(matrix, checkpoint.Read<long>("matrix"));
        Assert.Equal(words, checkpoint.ReadStrings("words"));
        Assert.Equal(new[] { 1f, 2f }, checkpoint.Read<float>("whole"));
        Assert.False(checkpoint.GetVariable("whole").IsPartitioned);
        Assert.Equal(new[] { "4,3", "0,4", "7,3" }, checkpoint.GetVariable("vector").Slices.Select(s => s.ToString()));
        Assert.Equal(new[] { "0,3:0,4", "3,2:0,4", "0,5:4,3" }, checkpoint.GetVariable("matrix").Slices.Select(s => s.ToString()));
        Assert.Empty(checkpoint.VerifyAll());

        // TensorFlow's full entry: dtype, shape and slices, no location; start 0 left out, lengths kept.
        var entries = CheckpointFiles.Entries(prefix + ".index").ToDictionary(e => System.Text.Encoding.Latin1.GetString(e.Key), e => e.Value);
        Assert.Equal("0801" + "1204" + "1202080a" + "3a060a0408041003" + "3a040a021004" + "3a060a0408071003", Convert.ToHexString(entries["vector"]).ToLowerInvariant());
        var part = BundleEntryProto.Parser.ParseFrom(entries[System.Text.Encoding.Latin1.GetString(SliceKey.Encode("vector", Slice((0, 4))))]);
        Assert.Equal(new[] { 4L }, part.Shape.Dim.Select(d => d.Size));
        Assert.Equal(DataType.DtFloat, part.Dtype);
        Assert.Equal(16, part.Size);
    }

    [Fact]
    public void Tensors_are_laid_out_in_name_order_by_default_and_as_added_on_request()
    {
        var names = new[] { "b", "a/z", "c", "a" };
        Assert.Equal(new[] { "a", "a/z", "b", "c" }, Offsets(TensorDataOrder.ByName).OrderBy(p => p.Value).Select(p => p.Key));
        Assert.Equal(names, Offsets(TensorDataOrder.AsAdded).OrderBy(p => p.Value).Select(p => p.Key));

        Dictionary<string, long> Offsets(TensorDataOrder order)
        {
            var prefix = _temp[order.ToString()];
            using (var writer = new CheckpointWriter(prefix, new CheckpointWriterOptions { DataOrder = order }))
            {
                foreach (var name in names)
                {
                    writer.Add(name, TensorShape.Create(3), TensorData.FromValues(new[] { 1, 2, 3 }));
                }
                writer.Commit();
            }
            using var checkpoint = Checkpoint.Open(prefix);
            return checkpoint.Variables.ToDictionary(v => v.Name, v => v.Offset);
        }
    }

    [Fact]
    public void Thousands_of_tensors_span_several_index_blocks_and_read_back()
    {
        var prefix = _temp["many"];
        var names = Enumerable.Range(0, 6000).Select(i => $"model/layer_{i % 97:D3}/block_{i:D5}/" + new string('x', 60) + "/kernel").ToList();
        using (var writer = new CheckpointWriter(prefix))
        {
            for (var i = 0; i < names.Count; i++)
            {
                writer.Add(names[i], TensorShape.Create(2), TensorData.FromValues(new[] { i, -i }));
            }
            writer.Commit();
        }

        Assert.True(CheckpointFiles.BlockTypes(prefix + ".index").Count() >= 4, "the index should hold several data blocks");
        using var checkpoint = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), checkpoint.Variables.Select(v => v.Name));
        for (var i = 0; i < names.Count; i += 599)
        {
            Assert.Equal(new[] { i, -i }, checkpoint.Read<int>(names[i]));
        }
        Assert.Empty(checkpoint.VerifyAll());
    }

    [Fact]
    public void Tensors_go_to_the_shards_the_caller_chooses()
    {
        var prefix = _temp["sharded"];
        using (var writer = new CheckpointWriter(prefix, new CheckpointWriterOptions { ShardCount = 4 }))
        {
            for (var i = 0; i < 12; i++)
            {
                writer.Add($"t{i:D2}", TensorShape.Create(i), TensorData.FromValues(Enumerable.Range(0, i).Select(x => (double)x).ToArray()), shard: i % 3);
            }
            writer.AddSlice("p", TensorShape.Create(4), Slice((2, 2)), TensorData.FromValues(new[] { 3f, 4f }), shard: 2);
            writer.AddSlice("p", TensorShape.Create(4), Slice((0, 2)), TensorData.FromValues(new[] { 1f, 2f }), shard: 1);
            writer.Commit();
        }

        Assert.All(CheckpointFiles.Of(prefix, 4), path => Assert.True(File.Exists(path), path));
        Assert.Equal(0, new FileInfo(CheckpointFiles.Of(prefix, 4)[4]).Length);
        using var checkpoint = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(i % 3, checkpoint.GetVariable($"t{i:D2}").ShardId);
            Assert.Equal(Enumerable.Range(0, i).Select(x => (double)x), checkpoint.Read<double>($"t{i:D2}"));
        }
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, checkpoint.Read<float>("p"));
        // As TensorFlow's merge of shards leaves it: slices in shard order, the first shard's id.
        Assert.Equal(new[] { "0,2", "2,2" }, checkpoint.GetVariable("p").Slices.Select(s => s.ToString()));
        var full = BundleEntryProto.Parser.ParseFrom(CheckpointFiles.Entries(prefix + ".index").Single(e => e.Key.SequenceEqual("p"u8.ToArray())).Value);
        Assert.Equal(1, full.ShardId);
    }

    [Fact]
    public void A_size_limit_starts_a_new_shard_when_the_next_tensor_would_pass_it()
    {
        var prefix = _temp["by-size"];
        var sizes = new[] { 400, 500, 200, 1500, 100, 100 };
        using (var writer = new CheckpointWriter(prefix, new CheckpointWriterOptions { MaxShardSize = 1000 }))
        {
            for (var i = 0; i < sizes.Length; i++)
            {
                writer.Add($"t{i}", TensorShape.Create(sizes[i]), TensorData.FromValues(new byte[sizes[i]]));
            }
            writer.Commit();
        }

        using var checkpoint = Checkpoint.Open(prefix);
        Assert.Equal(new[] { 0, 0, 1, 2, 3, 3 }, checkpoint.Variables.Select(v => v.ShardId));
        Assert.Equal(new long[] { 900, 200, 1500, 200 }, CheckpointFiles.Of(prefix, 4).Skip(1).Select(f => new FileInfo(f).Length));
    }

    [Fact]
    public void Streamed_tensors_are_written_as_the_callback_produces_them()
    {
        var prefix = _temp["streamed"];
        var values = Enumerable.Range(0, 3 << 18).Select(i => (float)i).ToArray();
        using (var writer = new CheckpointWriter(prefix))
        {
            writer.Add("generated", TensorShape.Create(values.Length), TensorData.FromWriter(TensorDataType.Float, stream =>
            {
                var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
                for (var i = 0; i < bytes.Length; i += 100_000)
                {
                    stream.Write(bytes, i, Math.Min(100_000, bytes.Length - i));
                }
            }));
            writer.Commit();
        }

        using var checkpoint = Checkpoint.Open(prefix, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        Assert.Equal(values, checkpoint.Read<float>("generated"));
    }

    [Fact]
    public void Copies_keep_partitions_and_take_new_names()
    {
        var source = _temp["source/ckpt"];
        using (var writer = new CheckpointWriter(source))
        {
            writer.AddSlice("emb", TensorShape.Create(3, 2), Slice((0, 1), (0, -1)), TensorData.FromValues(new[] { 1, 2 }));
            writer.AddSlice("emb", TensorShape.Create(3, 2), Slice((1, 2), (0, -1)), TensorData.FromValues(new[] { 3, 4, 5, 6 }));
            writer.Add("names", TensorShape.Create(2), TensorData.FromStrings(new[] { "x"u8.ToArray(), "yz"u8.ToArray() }));
            writer.Add("global_step", TensorShape.Scalar, TensorData.FromValues(new[] { 42L }));
            writer.Commit();
        }
        var copy = _temp["copy/ckpt"];
        using (var checkpoint = Checkpoint.Open(source))
        using (var writer = new CheckpointWriter(copy))
        {
            writer.CopyFrom(checkpoint, "emb", "embedding");
            writer.CopyFrom(checkpoint, "names");
            checkpoint.Dispose();
            writer.Commit();
        }

        using var result = Checkpoint.Open(copy, new CheckpointOpenOptions { Checksums = ChecksumPolicy.Always });
        Assert.Equal(new[] { "embedding", "names" }, result.Variables.Select(v => v.Name));
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, result.Read<int>("embedding"));
        Assert.Equal(2, result.GetVariable("embedding").Slices.Count);
        Assert.Equal(new[] { "x"u8.ToArray(), "yz"u8.ToArray() }, result.ReadStrings("names"));
    }

    private static TensorSlice Slice(params (long Start, long Length)[] extents) =>
        new(extents.Select(e => new SliceExtent(e.Start, e.Length)));

    /// <summary>The row-major block of a matrix that a 2-D partition holds.</summary>
    private static long[] Gather(long[] full, TensorShape shape, (long Start, long Length) rows, (long Start, long Length) columns)
    {
        var part = new List<long>();
        for (var r = rows.Start; r < rows.Start + rows.Length; r++)
        {
            for (var c = columns.Start; c < columns.Start + columns.Length; c++)
            {
                part.Add(full[(r * shape[1]) + c]);
            }
        }
        return part.ToArray();
    }
}
