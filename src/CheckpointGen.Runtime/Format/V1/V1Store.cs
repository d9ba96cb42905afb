using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format;
using CheckpointGen.Runtime.Format.Bundle;
using CheckpointGen.Runtime.Format.Table;

namespace CheckpointGen.Runtime.Reading;

/// <summary>
/// The legacy V1 format: each shard file is one table whose empty key holds
/// SavedTensorSliceMeta (the tensors and slices in that file) and whose other keys hold one
/// SavedSlice each, values inside a TensorProto. Files are small in practice (V1 predates
/// large models), so they are parsed whole at open; table block CRCs are the only checksums.
/// </summary>
internal sealed unsafe class V1Store : TensorStore
{
    private readonly CheckpointVariable[] _tensors;

    /// <summary>Each tensor's meta entry and slices, by name.</summary>
    private readonly Dictionary<string, V1Tensor> _parts;
    private readonly string[] _files;

    private V1Store(string[] files, CheckpointVariable[] tensors, Dictionary<string, V1Tensor> parts)
    {
        _files = files;
        _tensors = tensors;
        _parts = parts;
    }

    public override CheckpointFormat Format => CheckpointFormat.V1;

    public override IReadOnlyList<CheckpointVariable> Tensors => _tensors;

    public override IReadOnlyList<string> Files => _files;

    public static V1Store Open(IReadOnlyList<string> files)
    {
        var byName = new SortedDictionary<string, V1Tensor>(StringComparer.Ordinal);
        for (var shard = 0; shard < files.Count; shard++)
        {
            ReadShard(files[shard], shard, byName);
        }
        var parts = byName.Values.ToArray();
        var tensors = parts.Select(t => new CheckpointVariable(
            t.Name, t.DataType, t.Shape, t.Shard, -1,
            TensorDataTypes.IsFixedSize(t.DataType) ? t.Shape.ElementCount * TensorDataTypes.ElementSize(t.DataType) : -1,
            null, t.Slices.Count == 1 && t.Slices[0].Extents.All(e => e.IsFull) ? Array.Empty<TensorSlice>() : t.Slices.ToArray())).ToArray();
        foreach (var t in parts)
        {
            var missing = t.Slices.FirstOrDefault(s => !t.Data.ContainsKey(s));
            if (missing is not null)
            {
                throw new CheckpointFormatException($"slice {missing} is listed in the meta entry but has no data entry", t.File, t.MetaOffset, t.Name);
            }
            // Every slice holds exactly its own values (checked as read), so covering the
            // elements is what makes allocating the whole tensor a size the file justifies.
            var covered = t.Slices.Aggregate(0L, (sum, slice) => sum > long.MaxValue - SliceCount(slice, t.Shape) ? long.MaxValue : sum + SliceCount(slice, t.Shape));
            if (covered < t.Shape.ElementCount)
            {
                throw new CheckpointFormatException($"slices hold {covered} of the {t.Shape.ElementCount} elements", t.File, t.MetaOffset, t.Name);
            }
        }
        return new V1Store(files.ToArray(), tensors, new Dictionary<string, V1Tensor>(byName, StringComparer.Ordinal));
    }

    public override void CheckReadable(CheckpointVariable tensor)
    {
        // Every slice was checked at open to hold exactly its elements.
    }

    public override void ReadRaw(CheckpointVariable tensor, Span<byte> destination, bool verify)
    {
        var t = _parts[tensor.Name];
        var elementSize = TensorDataTypes.ElementSize(t.DataType);
        foreach (var slice in t.Slices)
        {
            var proto = t.Data[slice];
            var count = SliceCount(slice, t.Shape);
            var bytes = TensorProtoCodec.ToBytes(proto, t.DataType, count, t.File, t.Name);
            SliceScatter.Copy<byte>(bytes, destination, t.Shape, slice, elementSize);
        }
    }

    public override byte[][] ReadStrings(CheckpointVariable tensor, bool verify)
    {
        var t = _parts[tensor.Name];
        var full = new byte[t.Shape.ElementCount][];
        foreach (var slice in t.Slices)
        {
            var strings = TensorProtoCodec.ToStrings(t.Data[slice], SliceCount(slice, t.Shape), t.File, t.Name);
            SliceScatter.Copy<byte[]>(strings, full, t.Shape, slice, 1);
        }
        return full;
    }

    public override byte* Map(CheckpointVariable tensor, bool verify, out string? whyNot)
    {
        whyNot = "V1 checkpoints store values inside protocol buffers";
        return null;
    }

    public override void Verify(CheckpointVariable tensor)
    {
        // Table block CRCs were verified when the files were read at open.
    }

    public override void Dispose()
    {
    }

    private static long SliceCount(TensorSlice slice, TensorShape shape)
    {
        long count = 1;
        foreach (var d in slice.ShapeIn(shape))
        {
            count *= d;
        }
        return count;
    }

    private static void ReadShard(string file, int shard, SortedDictionary<string, V1Tensor> byName)
    {
        using var table = TableReader.Open(file);
        var sawMeta = false;
        table.ForEach((key, value, offset) =>
        {
            var slices = Parse(value, file, offset);
            if (key.Length == 0)
            {
                if (slices.Meta is null)
                {
                    throw new CheckpointFormatException("the empty key holds no SavedTensorSliceMeta", file, offset);
                }
                foreach (var meta in slices.Meta.Tensor)
                {
                    var type = (TensorDataType)(int)meta.Type;
                    if (!TensorDataTypes.IsDefined(type))
                    {
                        throw new CheckpointFormatException($"unsupported dtype {(int)meta.Type}", file, offset, meta.Name);
                    }
                    var shape = BundleIndex.ParseShape(meta.Shape, file, offset, meta.Name);
                    var tensorSlices = meta.Slice.Select(x => Normalize(ToSlice(x), shape)).ToList();
                    var listed = new HashSet<TensorSlice>();
                    foreach (var s in tensorSlices)
                    {
                        var problem = s.Validate(shape);
                        if (problem is not null)
                        {
                            throw new CheckpointFormatException(problem, file, offset, meta.Name);
                        }
                        if (!listed.Add(s))
                        {
                            throw new CheckpointFormatException($"slice {s} is listed twice", file, offset, meta.Name);
                        }
                    }
                    if (byName.ContainsKey(meta.Name))
                    {
                        throw new CheckpointFormatException("tensor is listed by more than one shard", file, offset, meta.Name);
                    }
                    byName[meta.Name] = new V1Tensor(meta.Name, type, shape, shard, file, offset, tensorSlices, listed);
                }
                sawMeta = true;
                return;
            }
            if (!sawMeta)
            {
                throw new CheckpointFormatException("data entry before the meta entry", file, offset);
            }
            var data = slices.Data ?? throw new CheckpointFormatException("entry holds no SavedSlice", file, offset);
            if (!byName.TryGetValue(data.Name, out var tensor) || tensor.File != file)
            {
                throw new CheckpointFormatException("slice data for a tensor the meta entry does not list", file, offset, data.Name);
            }
            var slice = Normalize(ToSlice(data.Slice ?? new TensorSliceProto()), tensor.Shape);
            if (!tensor.Listed.Contains(slice))
            {
                throw new CheckpointFormatException($"slice {slice} is not listed in the meta entry", file, offset, data.Name);
            }
            var values = data.Data ?? new TensorProto();
            TensorProtoCodec.CheckHoldsExactly(values, tensor.DataType, SliceCount(slice, tensor.Shape), $"slice {slice}", file, offset, data.Name);
            tensor.Data[slice] = values;
        });
        if (!sawMeta)
        {
            throw new CheckpointFormatException("V1 checkpoint has no meta entry (empty key): the table is empty", file, table.IndexBlockOffset);
        }
    }

    private static SavedTensorSlices Parse(ReadOnlySpan<byte> value, string file, long offset) =>
        ProtoParsing.Parse(SavedTensorSlices.Parser, value, "entry is not a SavedTensorSlices message", file, offset);

    /// <summary>V1 writes a whole tensor's slice with no extents at all; give it one full extent per dimension.</summary>
    private static TensorSlice Normalize(TensorSlice slice, TensorShape shape) =>
        slice.Rank == 0 && shape.Rank > 0 ? new TensorSlice(Enumerable.Repeat(SliceExtent.Full, shape.Rank)) : slice;

    private static TensorSlice ToSlice(TensorSliceProto proto) =>
        new(proto.Extent.Select(e => new SliceExtent(e.Start, e.HasLengthCase == TensorSliceProto.Types.Extent.HasLengthOneofCase.Length ? e.Length : -1)));

    private sealed class V1Tensor
    {
        public V1Tensor(string name, TensorDataType dataType, TensorShape shape, int shard, string file, long metaOffset, List<TensorSlice> slices, HashSet<TensorSlice> listed)
        {
            Name = name;
            DataType = dataType;
            Shape = shape;
            Shard = shard;
            File = file;
            MetaOffset = metaOffset;
            Slices = slices;
            Listed = listed;
        }

        public string Name { get; }

        public TensorDataType DataType { get; }

        public TensorShape Shape { get; }

        public int Shard { get; }

        public string File { get; }

        public long MetaOffset { get; }

        public List<TensorSlice> Slices { get; }

        /// <summary><see cref="Slices"/> for lookup: a file may list many slices.</summary>
        public HashSet<TensorSlice> Listed { get; }

        public Dictionary<TensorSlice, TensorProto> Data { get; } = new();
    }
}
