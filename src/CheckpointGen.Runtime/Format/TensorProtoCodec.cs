using System.Buffers.Binary;
using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Format;

/// <summary>
/// Converts between TensorProto (Const nodes, V1 checkpoint slices) and raw little-endian
/// element bytes. A TensorProto holds its values either as <c>tensor_content</c> bytes or in a
/// typed repeated field; with fewer typed values than elements, the last value repeats (how
/// TensorFlow stores splat constants), and with none, elements are zero.
/// </summary>
internal static class TensorProtoCodec
{
    public static byte[] ToBytes(TensorProto proto, TensorDataType type, long count, string file, string tensorName)
    {
        var elementSize = TensorDataTypes.ElementSize(type);
        if (elementSize == 0)
        {
            throw new CheckpointFormatException($"{TensorDataTypes.Name(type)} values have no fixed size", file, null, tensorName);
        }
        if (count > int.MaxValue / elementSize)
        {
            throw new CheckpointFormatException($"{count} elements are too many to hold in memory", file, null, tensorName);
        }
        if (!proto.TensorContent.IsEmpty)
        {
            if (proto.TensorContent.Length != count * elementSize)
            {
                throw new CheckpointFormatException(
                    $"tensor_content has {proto.TensorContent.Length} bytes; {count} {TensorDataTypes.Name(type)} elements take {count * elementSize}",
                    file, null, tensorName);
            }
            return proto.TensorContent.ToByteArray();
        }
        var values = TypedValueCount(proto, type);
        // Splat constants hold one value for any number of elements; the output is sized by the
        // shape, which the caller validated, so only the value count needs a bound here.
        if (values > count && count > 0)
        {
            throw new CheckpointFormatException($"{values} values for {count} elements", file, null, tensorName);
        }
        var output = new byte[count * elementSize];
        if (values == 0 || count == 0)
        {
            return output;
        }
        for (var i = 0; i < count; i++)
        {
            WriteElement(proto, type, (int)Math.Min(i, values - 1), output.AsSpan(i * elementSize, elementSize));
        }
        return output;
    }

    /// <summary>
    /// Checks <paramref name="proto"/> holds exactly <paramref name="count"/> values, as TensorFlow
    /// writes checkpoint slices (never splats), so every element a reader allocates is in the file.
    /// Types without stored values (resource, variant) are not checked: nothing reads them.
    /// </summary>
    public static void CheckHoldsExactly(TensorProto proto, TensorDataType type, long count, string what, string file, long offset, string tensorName)
    {
        var elementSize = TensorDataTypes.ElementSize(type);
        if (elementSize > 0 && !proto.TensorContent.IsEmpty)
        {
            if (proto.TensorContent.Length % elementSize != 0 || proto.TensorContent.Length / elementSize != count)
            {
                var needed = count > long.MaxValue / elementSize ? "more than 2^63" : (count * elementSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new CheckpointFormatException(
                    $"{what} has tensor_content of {proto.TensorContent.Length} bytes; {count} {TensorDataTypes.Name(type)} elements take {needed}", file, offset, tensorName);
            }
            return;
        }
        var values = type == TensorDataType.String ? proto.StringVal.Count : TypedValueCount(proto, type);
        if ((elementSize > 0 || type == TensorDataType.String) && values != count)
        {
            throw new CheckpointFormatException($"{what} holds {values} values for {count} elements", file, offset, tensorName);
        }
    }

    public static byte[][] ToStrings(TensorProto proto, long count, string file, string tensorName)
    {
        var values = proto.StringVal.Count;
        if (values > count || (values == 0 && count > 0 && proto.StringVal.Count != 0))
        {
            throw new CheckpointFormatException($"{values} strings for {count} elements", file, null, tensorName);
        }
        if (count > int.MaxValue)
        {
            throw new CheckpointFormatException($"{count} strings are too many to hold in memory", file, null, tensorName);
        }
        var output = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            output[i] = values == 0 ? Array.Empty<byte>() : proto.StringVal[(int)Math.Min(i, values - 1)].ToByteArray();
        }
        return output;
    }

    /// <summary>
    /// A Const value as TensorFlow's make_tensor_proto writes it: tensor_content for more than one
    /// element, the typed field (float_val, int_val, …) for a single element.
    /// </summary>
    public static TensorProto FromBytes(TensorDataType type, TensorShape shape, byte[] bytes)
    {
        var proto = new TensorProto { Dtype = (DataType)(int)type, TensorShape = ToShapeProto(shape) };
        if (shape.ElementCount != 1)
        {
            proto.TensorContent = ByteString.CopyFrom(bytes);
            return proto;
        }
        var e = bytes.AsSpan();
        switch (type)
        {
            case TensorDataType.Float:
                proto.FloatVal.Add(BitConverterCompat.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(e)));
                break;
            case TensorDataType.Double:
                proto.DoubleVal.Add(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(e)));
                break;
            case TensorDataType.Int64:
                proto.Int64Val.Add(BinaryPrimitives.ReadInt64LittleEndian(e));
                break;
            case TensorDataType.Bool:
                proto.BoolVal.Add(e[0] != 0);
                break;
            case TensorDataType.Half or TensorDataType.BFloat16:
                proto.HalfVal.Add(BinaryPrimitives.ReadUInt16LittleEndian(e));
                break;
            case TensorDataType.Complex64:
                proto.ScomplexVal.Add(BitConverterCompat.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(e)));
                proto.ScomplexVal.Add(BitConverterCompat.Int32BitsToSingle(BinaryPrimitives.ReadInt32LittleEndian(e.Slice(4))));
                break;
            case TensorDataType.Complex128:
                proto.DcomplexVal.Add(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(e)));
                proto.DcomplexVal.Add(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(e.Slice(8))));
                break;
            case TensorDataType.UInt32:
                proto.Uint32Val.Add(BinaryPrimitives.ReadUInt32LittleEndian(e));
                break;
            case TensorDataType.UInt64:
                proto.Uint64Val.Add(BinaryPrimitives.ReadUInt64LittleEndian(e));
                break;
            case TensorDataType.Int8 or TensorDataType.QInt8:
                proto.IntVal.Add((sbyte)e[0]);
                break;
            case TensorDataType.Int16 or TensorDataType.QInt16:
                proto.IntVal.Add(BinaryPrimitives.ReadInt16LittleEndian(e));
                break;
            case TensorDataType.UInt16 or TensorDataType.QUInt16:
                proto.IntVal.Add(BinaryPrimitives.ReadUInt16LittleEndian(e));
                break;
            case TensorDataType.Int32 or TensorDataType.QInt32:
                proto.IntVal.Add(BinaryPrimitives.ReadInt32LittleEndian(e));
                break;
            default:
                proto.IntVal.Add(e[0]);
                break;
        }
        return proto;
    }

    /// <summary>A string TensorProto.</summary>
    public static TensorProto FromStrings(TensorShape shape, IEnumerable<byte[]> values)
    {
        var proto = new TensorProto { Dtype = DataType.DtString, TensorShape = ToShapeProto(shape) };
        proto.StringVal.AddRange(values.Select(ByteString.CopyFrom));
        return proto;
    }

    public static TensorShapeProto ToShapeProto(TensorShape shape)
    {
        var proto = new TensorShapeProto();
        foreach (var d in shape.Dimensions)
        {
            proto.Dim.Add(new TensorShapeProto.Types.Dim { Size = d });
        }
        return proto;
    }

    private static int TypedValueCount(TensorProto p, TensorDataType type) => type switch
    {
        TensorDataType.Float => p.FloatVal.Count,
        TensorDataType.Double => p.DoubleVal.Count,
        TensorDataType.Int32 or TensorDataType.Int16 or TensorDataType.Int8 or TensorDataType.UInt8 or TensorDataType.UInt16
            or TensorDataType.QInt8 or TensorDataType.QUInt8 or TensorDataType.QInt16 or TensorDataType.QUInt16 or TensorDataType.QInt32
            or TensorDataType.Float8E5M2 or TensorDataType.Float8E4M3FN => p.IntVal.Count,
        TensorDataType.Int64 => p.Int64Val.Count,
        TensorDataType.Bool => p.BoolVal.Count,
        TensorDataType.Half or TensorDataType.BFloat16 => p.HalfVal.Count,
        TensorDataType.Complex64 => p.ScomplexVal.Count / 2,
        TensorDataType.Complex128 => p.DcomplexVal.Count / 2,
        TensorDataType.UInt32 => p.Uint32Val.Count,
        TensorDataType.UInt64 => p.Uint64Val.Count,
        _ => 0,
    };

    private static void WriteElement(TensorProto p, TensorDataType type, int i, Span<byte> target)
    {
        switch (type)
        {
            case TensorDataType.Float:
                BinaryPrimitives.WriteInt32LittleEndian(target, BitConverterCompat.SingleToInt32Bits(p.FloatVal[i]));
                break;
            case TensorDataType.Double:
                BinaryPrimitives.WriteInt64LittleEndian(target, BitConverter.DoubleToInt64Bits(p.DoubleVal[i]));
                break;
            case TensorDataType.Int64:
                BinaryPrimitives.WriteInt64LittleEndian(target, p.Int64Val[i]);
                break;
            case TensorDataType.Bool:
                target[0] = p.BoolVal[i] ? (byte)1 : (byte)0;
                break;
            case TensorDataType.Half or TensorDataType.BFloat16:
                BinaryPrimitives.WriteUInt16LittleEndian(target, (ushort)p.HalfVal[i]);
                break;
            case TensorDataType.Complex64:
                BinaryPrimitives.WriteInt32LittleEndian(target, BitConverterCompat.SingleToInt32Bits(p.ScomplexVal[2 * i]));
                BinaryPrimitives.WriteInt32LittleEndian(target.Slice(4), BitConverterCompat.SingleToInt32Bits(p.ScomplexVal[(2 * i) + 1]));
                break;
            case TensorDataType.Complex128:
                BinaryPrimitives.WriteInt64LittleEndian(target, BitConverter.DoubleToInt64Bits(p.DcomplexVal[2 * i]));
                BinaryPrimitives.WriteInt64LittleEndian(target.Slice(8), BitConverter.DoubleToInt64Bits(p.DcomplexVal[(2 * i) + 1]));
                break;
            case TensorDataType.UInt32:
                BinaryPrimitives.WriteUInt32LittleEndian(target, p.Uint32Val[i]);
                break;
            case TensorDataType.UInt64:
                BinaryPrimitives.WriteUInt64LittleEndian(target, p.Uint64Val[i]);
                break;
            default:
                // int_val carries every integer type of 4 bytes or fewer; truncation keeps the
                // stored low bytes, which is the element's two's-complement form.
                var value = p.IntVal[i];
                for (var b = 0; b < target.Length; b++)
                {
                    target[b] = (byte)(value >> (8 * b));
                }
                break;
        }
    }
}
