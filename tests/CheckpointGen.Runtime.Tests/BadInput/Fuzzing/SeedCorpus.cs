using CheckpointGen.Protos;
using CheckpointGen.Runtime.Tests.BadInput.Crafting;
using CheckpointGen.Tests;

namespace CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

/// <summary>
/// What the fuzzer mutates: every real V2 checkpoint in fixtures/ (index and data files), the
/// real V1 file, and crafted checkpoints for what no fixture has (partitions, string matrices,
/// big-endian data, multi-block uncompressed tables, a partitioned V1 file). Ordered, so a
/// mutant's seed reproduces it.
/// </summary>
internal static class SeedCorpus
{
    public static IReadOnlyList<CheckpointFiles> Load()
    {
        var seeds = new List<CheckpointFiles>();
        foreach (var index in Directory.GetFiles(FixturePaths.Root, "*.index", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            var directory = Path.GetDirectoryName(index)!;
            var prefix = Path.GetFileNameWithoutExtension(index);
            var data = Directory.GetFiles(directory, prefix + ".data-*").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);
            seeds.Add(CheckpointFiles.Load(Path.GetRelativePath(FixturePaths.Root, index), directory, prefix, new[] { prefix + ".index" }.Concat(data!)!));
        }
        var v1 = FixturePaths.Get("serving-session_bundle_half_plus_two/00000123/export-00000-of-00001");
        seeds.Add(CheckpointFiles.Load("v1 half_plus_two", Path.GetDirectoryName(v1)!, Path.GetFileName(v1), new[] { Path.GetFileName(v1) }));
        seeds.Add(Crafted("crafted partitions and strings", Mixed(bigEndian: false, snappy: false)));
        seeds.Add(Crafted("crafted big-endian snappy", Mixed(bigEndian: true, snappy: true)));
        seeds.Add(CraftedV1());
        return seeds;
    }

    private static BundleBuilder Mixed(bool bigEndian, bool snappy)
    {
        var builder = new BundleBuilder { Snappy = snappy, EntriesPerBlock = 3 };
        builder.Header.NumShards = 2;
        if (bigEndian)
        {
            builder.Header.Endianness = BundleHeaderProto.Types.Endianness.Big;
        }
        builder.AddTensor("dense/bias", DataType.DtFloat, new long[] { 3 }, Values.Bytes(0.5f, -1f, 2f));
        builder.AddTensor("dense/kernel", DataType.DtDouble, new long[] { 2, 2 }, Values.Bytes(1.0, 2.0, 3.0, 4.0), shard: 1);
        builder.AddTensor("flags", DataType.DtBool, new long[] { 2 }, new byte[] { 1, 0 });
        builder.AddTensor("global_step", DataType.DtInt64, Array.Empty<long>(), Values.Bytes(1000L));
        builder.AddTensor("half", DataType.DtHalf, new long[] { 2 }, Values.Bytes<ushort>(0x3c00, 0xc000), shard: 1);
        builder.AddTensor("empty", DataType.DtInt32, new long[] { 0, 5 }, Array.Empty<byte>());
        builder.AddStrings("vocab", new long[] { 2, 2 }, Wire.Utf8("a"), Wire.Utf8(""), Wire.Utf8("ccc"), Wire.Utf8("dd"));
        var rows = new[] { Messages.Slice((0, 1), (0, null)), Messages.Slice((1, 2), (0, null)) };
        builder.AddPartitioned("embedding", DataType.DtFloat, new long[] { 3, 2 }, rows);
        builder.AddSlice("embedding", rows[0], DataType.DtFloat, new long[] { 1, 2 }, Values.Bytes(1f, 2f));
        builder.AddSlice("embedding", rows[1], DataType.DtFloat, new long[] { 2, 2 }, Values.Bytes(3f, 4f, 5f, 6f));
        var halves = new[] { Messages.Slice((0, 1)), Messages.Slice((1, 1)) };
        builder.AddPartitioned("tokens", DataType.DtString, new long[] { 2 }, halves);
        builder.AddStringSlice("tokens", halves[0], new long[] { 1 }, Wire.Utf8("x"));
        builder.AddStringSlice("tokens", halves[1], new long[] { 1 }, Wire.Utf8("yz"));
        return builder;
    }

    private static CheckpointFiles Crafted(string label, BundleBuilder builder)
    {
        using var dir = new TempDirectory();
        builder.Write(dir.Path);
        return CheckpointFiles.Load(label, dir.Path, "model.ckpt", Directory.GetFiles(dir.Path).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal)!);
    }

    private static CheckpointFiles CraftedV1()
    {
        var top = Messages.Slice((0, 1), (0, null));
        var bottom = Messages.Slice((1, 1), (0, null));
        var meta = new SavedTensorSliceMeta();
        meta.Tensor.Add(new SavedSliceMeta { Name = "w", Type = DataType.DtInt32, Shape = Messages.Shape(2, 2), Slice = { top, bottom } });
        meta.Tensor.Add(new SavedSliceMeta { Name = "s", Type = DataType.DtString, Shape = Messages.Shape(2), Slice = { Messages.Slice((0, null)) } });
        var slices = new[]
        {
            new SavedSlice { Name = "w", Slice = top, Data = new TensorProto { Dtype = DataType.DtInt32, IntVal = { 1, 2 } } },
            new SavedSlice { Name = "w", Slice = bottom, Data = new TensorProto { Dtype = DataType.DtInt32, IntVal = { 3, 4 } } },
            new SavedSlice { Name = "s", Slice = Messages.Slice((0, null)), Data = new TensorProto { Dtype = DataType.DtString, StringVal = { Google.Protobuf.ByteString.CopyFromUtf8("p"), Google.Protobuf.ByteString.CopyFromUtf8("q") } } },
        };
        return new CheckpointFiles("crafted v1 partitions", "model.ckpt", new[] { new CheckpointFile("model.ckpt", V1TableFile.Build(meta, slices)) });
    }
}
