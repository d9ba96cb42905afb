using CheckpointGen.Protos;
using CheckpointGen.Runtime.Format.Bundle;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Format.Writing;

/// <summary>
/// The values of a written index, serialized as TensorFlow's C++ serializes them: fields in
/// number order and, proto3 style, zero scalars left out, while a shape is always present (TF
/// sets it even for scalars, which is why a scalar entry carries an empty shape).
/// </summary>
internal static class BundleProtos
{
    public static byte[] Header(int numShards) => new BundleHeaderProto
    {
        NumShards = numShards,
        Endianness = BundleHeaderProto.Types.Endianness.Little,
        Version = new VersionDef { Producer = BundleHeader.Version },
    }.ToByteArray();

    /// <summary>The entry of a tensor, or of one partition, whose bytes were written.</summary>
    public static byte[] Entry(TensorDataType dataType, TensorShape shape, int shardId, long offset, long size, uint crc) => new BundleEntryProto
    {
        Dtype = (DataType)(int)dataType,
        Shape = TensorProtoCodec.ToShapeProto(shape),
        ShardId = shardId,
        Offset = offset,
        Size = size,
        Crc32C = Crc32C.Mask(crc),
    }.ToByteArray();

    /// <summary>
    /// The entry of a partitioned tensor: no location, only the slices. <paramref name="shardId"/>
    /// is what TensorFlow's merge of sharded saves leaves there: the first shard holding a slice.
    /// </summary>
    public static byte[] PartitionedEntry(TensorDataType dataType, TensorShape fullShape, int shardId, IEnumerable<TensorSlice> slices)
    {
        var proto = new BundleEntryProto
        {
            Dtype = (DataType)(int)dataType,
            Shape = TensorProtoCodec.ToShapeProto(fullShape),
            ShardId = shardId,
        };
        foreach (var slice in slices)
        {
            proto.Slices.Add(ToSliceProto(slice));
        }
        return proto.ToByteArray();
    }

    /// <summary>Like TensorFlow's TensorSlice::AsProto: a whole dimension is an empty extent.</summary>
    private static TensorSliceProto ToSliceProto(TensorSlice slice)
    {
        var proto = new TensorSliceProto();
        foreach (var extent in slice.Extents)
        {
            proto.Extent.Add(extent.IsFull
                ? new TensorSliceProto.Types.Extent()
                : new TensorSliceProto.Types.Extent { Start = extent.Start, Length = extent.Length });
        }
        return proto;
    }
}
