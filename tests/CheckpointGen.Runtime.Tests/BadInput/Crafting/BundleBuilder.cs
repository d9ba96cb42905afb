using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format;
using CheckpointGen.Runtime.Format.Bundle;
using CheckpointGen.Runtime.Reading;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.BadInput.Crafting;

/// <summary>
/// Builds a V2 checkpoint (index and data shards) whose entries tests may spoil: every add
/// returns the mutable entry proto, serialized only when <see cref="Write"/> runs. Keys are
/// written in byte order, as TensorFlow does.
/// </summary>
internal sealed class BundleBuilder
{
    private readonly List<(byte[] Key, Func<byte[]> Value)> _entries = new();
    private readonly List<MemoryStream> _shards = new();

    public BundleHeaderProto Header { get; } = new() { NumShards = 1, Version = new VersionDef { Producer = 1 } };

    public bool IncludeHeader { get; set; } = true;

    public bool Snappy { get; set; }

    /// <summary>Entries per data block (TensorFlow fills 256 KiB blocks; small blocks test block boundaries).</summary>
    public int EntriesPerBlock { get; set; } = int.MaxValue;

    /// <summary>The table of the last <see cref="Write"/>, for tests that patch its blocks.</summary>
    public TableBuilder? Index { get; private set; }

    /// <summary>Appends <paramref name="data"/> to a shard and adds a consistent entry for it.</summary>
    public BundleEntryProto AddTensor(string name, DataType dtype, long[] shape, byte[] data, int shard = 0) =>
        AddEntry(Wire.Utf8(name), Place(new BundleEntryProto { Dtype = dtype, Shape = Messages.Shape(shape) }, data, Crc32C.Compute(data), shard));

    /// <summary>A DT_STRING tensor in TensorFlow's layout, with the entry checksum TensorFlow computes.</summary>
    public BundleEntryProto AddStrings(string name, long[] shape, params byte[][] values) =>
        AddEntry(Wire.Utf8(name), StringEntry(name, shape, values));

    /// <summary>The full entry of a partitioned variable: dtype, shape and slices only.</summary>
    public BundleEntryProto AddPartitioned(string name, DataType dtype, long[] shape, params TensorSliceProto[] slices)
    {
        var entry = new BundleEntryProto { Dtype = dtype, Shape = Messages.Shape(shape) };
        entry.Slices.AddRange(slices);
        return AddEntry(Wire.Utf8(name), entry);
    }

    /// <summary>One partition's bytes under its slice key.</summary>
    public BundleEntryProto AddSlice(string name, TensorSliceProto slice, DataType dtype, long[] partShape, byte[] data) =>
        AddEntry(SliceKey.Encode(name, Messages.ToSlice(slice)), Place(new BundleEntryProto { Dtype = dtype, Shape = Messages.Shape(partShape) }, data, Crc32C.Compute(data), 0));

    /// <summary>One string partition's bytes under its slice key.</summary>
    public BundleEntryProto AddStringSlice(string name, TensorSliceProto slice, long[] partShape, params byte[][] values) =>
        AddEntry(SliceKey.Encode(name, Messages.ToSlice(slice)), StringEntry(name, partShape, values));

    public BundleEntryProto AddEntry(byte[] key, BundleEntryProto entry)
    {
        AddRaw(key, entry.ToByteArray);
        return entry;
    }

    /// <summary>Any bytes under any key; <paramref name="value"/> runs at <see cref="Write"/>.</summary>
    public void AddRaw(byte[] key, Func<byte[]> value) => _entries.Add((key, value));

    /// <summary>Writes <c>name.index</c> and the data files into <paramref name="directory"/>; returns the prefix.</summary>
    public string Write(string directory, string name = "model.ckpt")
    {
        var prefix = Path.Combine(directory, name);
        var entries = _entries.Select(e => new TableEntry(e.Key, e.Value())).ToList();
        if (IncludeHeader)
        {
            entries.Add(new TableEntry(Array.Empty<byte>(), Header.ToByteArray()));
        }
        entries.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        Index = TableBuilder.FromEntries(entries, Snappy, EntriesPerBlock);
        File.WriteAllBytes(prefix + ".index", Index.Build());
        var declared = Math.Max(1, Header.NumShards);
        for (var i = 0; i < Math.Max(_shards.Count, 1); i++)
        {
            File.WriteAllBytes(BundleStore.DataFilePath(prefix, i, declared), i < _shards.Count ? _shards[i].ToArray() : Array.Empty<byte>());
        }
        return prefix;
    }

    private BundleEntryProto StringEntry(string name, long[] shape, byte[][] values)
    {
        var data = StringTensorCodec.Encode(values);
        StringTensorCodec.Decode(data, values.Length, string.Empty, 0, name, out var crc);
        return Place(new BundleEntryProto { Dtype = DataType.DtString, Shape = Messages.Shape(shape) }, data, crc, 0);
    }

    private BundleEntryProto Place(BundleEntryProto entry, byte[] data, uint crc, int shard)
    {
        while (_shards.Count <= shard)
        {
            _shards.Add(new MemoryStream());
        }
        entry.ShardId = shard;
        entry.Offset = _shards[shard].Length;
        entry.Size = data.Length;
        entry.Crc32C = Crc32C.Mask(crc);
        _shards[shard].Write(data);
        return entry;
    }
}
