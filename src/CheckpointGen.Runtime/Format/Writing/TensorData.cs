using System.Numerics;
using CheckpointGen.Runtime.Format.Writing;

namespace CheckpointGen.Runtime;

/// <summary>
/// The values of a tensor to write with <see cref="CheckpointWriter"/>: caller memory (read
/// when the checkpoint is committed, never copied before), byte strings, or a callback that
/// streams the bytes. The shape is given when the tensor is added.
/// </summary>
public sealed class TensorData
{
    private static readonly Dictionary<Type, TensorDataType> ElementTypes = new()
    {
        [typeof(float)] = TensorDataType.Float,
        [typeof(double)] = TensorDataType.Double,
        [typeof(sbyte)] = TensorDataType.Int8,
        [typeof(short)] = TensorDataType.Int16,
        [typeof(int)] = TensorDataType.Int32,
        [typeof(long)] = TensorDataType.Int64,
        [typeof(byte)] = TensorDataType.UInt8,
        [typeof(ushort)] = TensorDataType.UInt16,
        [typeof(uint)] = TensorDataType.UInt32,
        [typeof(ulong)] = TensorDataType.UInt64,
        [typeof(bool)] = TensorDataType.Bool,
        [typeof(BFloat16)] = TensorDataType.BFloat16,
        [typeof(Complex64)] = TensorDataType.Complex64,
        [typeof(Complex)] = TensorDataType.Complex128,
#if NET
        [typeof(Half)] = TensorDataType.Half,
#endif
    };

    private readonly Func<string, TensorShape, TensorSource> _bind;

    private TensorData(TensorDataType dataType, Func<string, TensorShape, TensorSource> bind)
    {
        DataType = dataType;
        _bind = bind;
    }

    /// <summary>The element type the tensor is stored as.</summary>
    public TensorDataType DataType { get; }

    /// <summary>
    /// Elements of the type <typeparamref name="T"/> stands for: float → float32, double →
    /// float64, sbyte…long → int8…int64, byte…ulong → uint8…uint64, bool, <see cref="BFloat16"/>,
    /// Half (float16), <see cref="Complex64"/>, <see cref="Complex"/> (complex128). Row-major.
    /// The array must not change until the checkpoint is committed.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> stands for no TensorFlow type.</exception>
    public static TensorData FromValues<T>(T[] values)
        where T : unmanaged =>
        FromValues(new ReadOnlyMemory<T>(values ?? throw new ArgumentNullException(nameof(values))));

    /// <inheritdoc cref="FromValues{T}(T[])"/>
    public static TensorData FromValues<T>(ReadOnlyMemory<T> values)
        where T : unmanaged =>
        ElementTypes.TryGetValue(typeof(T), out var dataType)
            ? FromValues(dataType, values)
            : throw new ArgumentException($"{typeof(T).Name} stands for no TensorFlow type; give the type with FromValues(dataType, values).", nameof(values));

    /// <summary>
    /// Elements stored as <paramref name="dataType"/>, whatever <typeparamref name="T"/> is: the
    /// memory's bytes, little-endian, must be exactly the tensor's (quantized types, float8,
    /// float16 from <c>ushort</c> bits, raw bytes…). The memory must not change until the
    /// checkpoint is committed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dataType"/> has no fixed element size.</exception>
    public static TensorData FromValues<T>(TensorDataType dataType, ReadOnlyMemory<T> values)
        where T : unmanaged
    {
        RequireFixedSize(dataType);
        return new TensorData(dataType, (_, _) => new MemoryTensorSource<T>(values));
    }

    /// <summary>A tensor's little-endian element bytes, as <see cref="Checkpoint.ReadBytes"/> returns them.</summary>
    /// <exception cref="ArgumentException"><paramref name="dataType"/> has no fixed element size.</exception>
    public static TensorData FromBytes(TensorDataType dataType, ReadOnlyMemory<byte> bytes) => FromValues(dataType, bytes);

    /// <summary>The elements of a string tensor, row-major, as byte strings (UTF-8 text or any bytes).</summary>
    public static TensorData FromStrings(IReadOnlyList<byte[]> values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }
        return new TensorData(TensorDataType.String, (name, shape) =>
        {
            if (values.Count != shape.ElementCount)
            {
                throw new ArgumentException($"'{name}' has {values.Count} strings; shape {shape} holds {shape.ElementCount}.", nameof(values));
            }
            if (values.Any(v => v is null))
            {
                throw new ArgumentException($"'{name}' has a null string; use an empty array for an empty string.", nameof(values));
            }
            return new StringTensorSource(values);
        });
    }

    /// <summary>
    /// Bytes streamed by <paramref name="write"/> when the checkpoint is committed: exactly the
    /// tensor's size (elements × element size, little-endian), for tensors produced piece by
    /// piece rather than held in memory. An exception from <paramref name="write"/> fails the
    /// commit and leaves no files behind.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dataType"/> has no fixed element size.</exception>
    public static TensorData FromWriter(TensorDataType dataType, Action<Stream> write)
    {
        if (write is null)
        {
            throw new ArgumentNullException(nameof(write));
        }
        RequireFixedSize(dataType);
        return new TensorData(dataType, (name, shape) => new WriterTensorSource(write, FixedByteSize(name, dataType, shape)));
    }

    /// <summary>The source that writes these values as a tensor of <paramref name="shape"/>.</summary>
    internal TensorSource Bind(string name, TensorShape shape) => _bind(name, shape);

    /// <summary>The stored size of a fixed-size tensor, refusing sizes a file offset cannot hold.</summary>
    internal static long FixedByteSize(string name, TensorDataType dataType, TensorShape shape)
    {
        var elementSize = TensorDataTypes.ElementSize(dataType);
        if (shape.ElementCount > long.MaxValue / elementSize)
        {
            throw new ArgumentException($"A {TensorDataTypes.Name(dataType)} {shape} tensor ('{name}') takes more than 2^63 bytes.", nameof(shape));
        }
        return shape.ElementCount * elementSize;
    }

    private static void RequireFixedSize(TensorDataType dataType)
    {
        if (!TensorDataTypes.IsDefined(dataType) || !TensorDataTypes.IsFixedSize(dataType))
        {
            throw new ArgumentException(
                $"{TensorDataTypes.Name(dataType)} has no fixed element size"
                + (dataType == TensorDataType.String ? "; use FromStrings." : "; it cannot be written from values."),
                nameof(dataType));
        }
    }
}
