using System.Runtime.InteropServices;
using CheckpointGen.Runtime.Format.Bundle;
using CheckpointGen.Runtime.Graphs;
using CheckpointGen.Runtime.Reading;

namespace CheckpointGen.Runtime;

/// <summary>
/// An open TensorFlow checkpoint: its variables, and their values by copy or, zero-copy, as
/// spans over memory-mapped data files. Thread-safe for reading. Dispose to unmap and close the
/// files; spans obtained earlier are invalid afterwards.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private readonly TensorStore _store;
    private readonly IReadOnlyList<CheckpointVariable> _variables;
    private readonly ChecksumPolicy _checksums;

    /// <summary>Variables by stored key and real name; built on the first lookup, which listing never needs.</summary>
    private Dictionary<string, CheckpointVariable>? _byName;

    private Checkpoint(CheckpointLocation location, TensorStore store, CheckpointGraph? graph, List<string> warnings, CheckpointOpenOptions options)
    {
        Location = location;
        _store = store;
        Graph = graph;
        Warnings = warnings;
        _checksums = options.Checksums;
        _variables = store.Tensors;
        VariableClassifier.Classify(_variables, graph, ReadObjectGraph, warnings);
    }

    /// <summary>
    /// Opens a checkpoint: a prefix (<c>model.ckpt-1000</c>), one of its files, a folder with a
    /// <c>checkpoint</c> state file (its latest checkpoint), a SavedModel folder, or a V1 file.
    /// Reads and validates the index; data files are opened on first read.
    /// </summary>
    /// <exception cref="CheckpointNotFoundException">No checkpoint at <paramref name="path"/>.</exception>
    /// <exception cref="CheckpointFormatException">The index is corrupt or unsupported.</exception>
    public static Checkpoint Open(string path, CheckpointOpenOptions? options = null) =>
        Open(CheckpointLocator.Resolve(path), options);

    /// <summary>Opens a checkpoint already located.</summary>
    public static Checkpoint Open(CheckpointLocation location, CheckpointOpenOptions? options = null)
    {
        options ??= CheckpointOpenOptions.Default;
        TensorStore store = location.Format == CheckpointFormat.V2
            ? new BundleStore(location.Prefix, BundleIndex.Read(location.IndexPath))
            : V1Store.Open(location.V1Files);
        try
        {
            var warnings = new List<string>();
            var graph = options.LoadGraph ? GraphLoader.TryLoad(location, warnings) : null;
            return new Checkpoint(location, store, graph, warnings, options);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Where the checkpoint's files are.</summary>
    public CheckpointLocation Location { get; }

    /// <summary>How the tensors are stored.</summary>
    public CheckpointFormat Format => _store.Format;

    /// <summary>Every tensor, in key order (byte order of the stored names).</summary>
    public IReadOnlyList<CheckpointVariable> Variables => _variables;

    /// <summary>The graph beside the checkpoint (meta graph or SavedModel), when there is a readable one.</summary>
    public CheckpointGraph? Graph { get; }

    /// <summary>Problems that did not stop opening, such as an unreadable meta graph.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The files that make up the checkpoint.</summary>
    public IReadOnlyList<string> Files => _store.Files;

    /// <summary>Finds a variable by stored key or, where a graph gives one, by real variable name.</summary>
    public bool TryGetVariable(string name, out CheckpointVariable variable) =>
        ByName.TryGetValue(name, out variable!);

    /// <summary>Finds a variable by stored key or real variable name.</summary>
    /// <exception cref="KeyNotFoundException">No such variable; the message suggests close names.</exception>
    public CheckpointVariable GetVariable(string name)
    {
        if (TryGetVariable(name, out var variable))
        {
            return variable;
        }
        var suggestion = NameSuggester.Closest(name, ByName.Keys);
        throw new KeyNotFoundException(
            $"The checkpoint {Location.Prefix} has no variable '{name}'." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?"));
    }

    /// <summary>Reads a tensor into a new array of its element type (see <see cref="TensorDataTypes.ElementType"/>).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not the tensor's element type.</exception>
    public T[] Read<T>(string name)
        where T : unmanaged
    {
        var variable = GetVariable(name);
        CheckElementType<T>(variable);
        _store.CheckReadable(variable);
#if NET
        // Every element is overwritten by the read (or the array is dropped with the exception),
        // so zeroing it first would only touch each page once more.
        var result = GC.AllocateUninitializedArray<T>(CheckedCount(variable));
#else
        var result = new T[CheckedCount(variable)];
#endif
        ReadInto(variable, MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    /// <summary>Reads a tensor into <paramref name="destination"/>, which must hold exactly its elements.</summary>
    public void ReadInto<T>(string name, Span<T> destination)
        where T : unmanaged
    {
        var variable = GetVariable(name);
        CheckElementType<T>(variable);
        if (destination.Length != variable.ElementCount)
        {
            throw new ArgumentException($"'{name}' has {variable.ElementCount} elements; the destination holds {destination.Length}.", nameof(destination));
        }
        ReadInto(variable, MemoryMarshal.AsBytes(destination));
    }

    /// <summary>The tensor's elements as little-endian bytes, whatever its fixed-size type.</summary>
    public byte[] ReadBytes(string name)
    {
        var variable = GetVariable(name);
        var elementSize = TensorDataTypes.ElementSize(variable.DataType);
        if (elementSize == 0)
        {
            throw new NotSupportedException($"'{name}' is {TensorDataTypes.Name(variable.DataType)}, which has no fixed-size elements; use ReadStrings for strings.");
        }
        _store.CheckReadable(variable);
        var bytes = new byte[checked(CheckedCount(variable) * elementSize)];
        ReadInto(variable, bytes);
        return bytes;
    }

    /// <summary>The elements of a string tensor, row-major, as byte strings.</summary>
    public byte[][] ReadStrings(string name)
    {
        var variable = GetVariable(name);
        if (variable.DataType != TensorDataType.String)
        {
            throw new ArgumentException($"'{name}' is {TensorDataTypes.Name(variable.DataType)}, not string.", nameof(name));
        }
        var result = _store.ReadStrings(variable, ShouldVerify(variable));
        AfterRead(variable);
        return result;
    }

    /// <summary>
    /// The tensor's elements in an array of its element type (<c>float[]</c>, <c>BFloat16[]</c>,
    /// …), or <c>byte[][]</c> for strings: for callers that handle any dtype.
    /// </summary>
    public Array ReadArray(string name)
    {
        var variable = GetVariable(name);
        if (variable.DataType == TensorDataType.String)
        {
            return ReadStrings(name);
        }
        // Dispatched on the element type the dtype table gives, so this method decides nothing itself.
        var element = TensorDataTypes.ElementType(variable.DataType);
        return element == typeof(float) ? Read<float>(name)
            : element == typeof(double) ? Read<double>(name)
            : element == typeof(int) ? Read<int>(name)
            : element == typeof(byte) ? Read<byte>(name)
            : element == typeof(short) ? Read<short>(name)
            : element == typeof(sbyte) ? Read<sbyte>(name)
            : element == typeof(long) ? Read<long>(name)
            : element == typeof(ushort) ? Read<ushort>(name)
            : element == typeof(uint) ? Read<uint>(name)
            : element == typeof(ulong) ? Read<ulong>(name)
            : element == typeof(bool) ? Read<bool>(name)
            : element == typeof(Complex64) ? Read<Complex64>(name)
            : element == typeof(System.Numerics.Complex) ? Read<System.Numerics.Complex>(name)
            : element == typeof(BFloat16) ? Read<BFloat16>(name)
#if NET
            : element == typeof(Half) ? Read<Half>(name)
#endif
            : throw new NotSupportedException($"'{name}' is {TensorDataTypes.Name(variable.DataType)}, which has no stored value to read.");
    }

    /// <summary>
    /// The tensor's elements without copying: a span over the memory-mapped data file, valid until
    /// this checkpoint is disposed. Possible for any non-partitioned fixed-size tensor of a V2
    /// checkpoint in the machine's byte order.
    /// </summary>
    /// <exception cref="NotSupportedException">The tensor cannot be mapped; the message says why.</exception>
    public unsafe ReadOnlySpan<T> GetSpan<T>(string name)
        where T : unmanaged
    {
        var variable = GetVariable(name);
        CheckElementType<T>(variable);
        var pointer = Map(variable);
        return new ReadOnlySpan<T>(pointer, CheckedCount(variable));
    }

    /// <summary>Like <see cref="GetSpan{T}"/>, as memory that can be stored and sliced.</summary>
    public unsafe ReadOnlyMemory<T> GetMemory<T>(string name)
        where T : unmanaged
    {
        var variable = GetVariable(name);
        CheckElementType<T>(variable);
        var pointer = Map(variable);
        return new MappedMemoryManager<T>(pointer, CheckedCount(variable)).Memory;
    }

    /// <summary>Checks the stored checksums of one tensor.</summary>
    /// <exception cref="CheckpointChecksumException">A checksum does not match.</exception>
    public void Verify(string name)
    {
        var variable = GetVariable(name);
        _store.Verify(variable);
        variable.MarkVerified();
    }

    /// <summary>
    /// Checks every tensor's checksums and returns the problems found (empty when all match).
    /// <paramref name="progress"/> receives the bytes verified so far, in increasing order. On a
    /// machine with more than one core, checkpoints of 8 MiB or more are verified on two threads,
    /// so <paramref name="progress"/> may also be called from a thread-pool thread (never from
    /// two threads at once). The problems come in the order of <see cref="Variables"/>.
    /// </summary>
    public IReadOnlyList<CheckpointException> VerifyAll(IProgress<long>? progress = null) =>
        TwoWorkerVerification.Run(_variables, variable =>
        {
            _store.Verify(variable);
            variable.MarkVerified();
        }, progress);

    /// <inheritdoc/>
    public void Dispose() => _store.Dispose();

    private unsafe byte* Map(CheckpointVariable variable)
    {
        var pointer = _store.Map(variable, ShouldVerify(variable), out var whyNot);
        if (whyNot is not null)
        {
            throw new NotSupportedException($"'{variable.Name}' cannot be accessed without a copy: {whyNot}. Use Read<T> instead.");
        }
        AfterRead(variable);
        return pointer;
    }

    /// <summary>The mapped bytes of a tensor, or null when it cannot be mapped (generated Lazy classes then copy).</summary>
    internal unsafe byte* TryMap(CheckpointVariable variable)
    {
        var pointer = _store.Map(variable, ShouldVerify(variable), out var whyNot);
        if (whyNot is not null)
        {
            return null;
        }
        AfterRead(variable);
        return pointer;
    }

    private void ReadInto(CheckpointVariable variable, Span<byte> destination)
    {
        _store.ReadRaw(variable, destination, ShouldVerify(variable));
        AfterRead(variable);
    }

    private bool ShouldVerify(CheckpointVariable variable) => _checksums switch
    {
        ChecksumPolicy.Always => true,
        ChecksumPolicy.Never => false,
        _ => !variable.IsVerified,
    };

    /// <summary>A read that succeeded under FirstRead has verified the tensor (now or before), so later reads skip it.</summary>
    private void AfterRead(CheckpointVariable variable)
    {
        if (_checksums == ChecksumPolicy.FirstRead)
        {
            variable.MarkVerified();
        }
    }

    private Dictionary<string, CheckpointVariable> ByName => Volatile.Read(ref _byName) ?? BuildByName();

    /// <summary>Stored keys first, then real names that are not also keys. Two threads may both build it; one wins.</summary>
    private Dictionary<string, CheckpointVariable> BuildByName()
    {
        var byName = new Dictionary<string, CheckpointVariable>(_variables.Count, StringComparer.Ordinal);
        foreach (var v in _variables)
        {
            byName[v.Name] = v;
        }
        foreach (var v in _variables)
        {
            if (v.VariableName is { } real && !byName.ContainsKey(real))
            {
                byName[real] = v;
            }
        }
        return Interlocked.CompareExchange(ref _byName, byName, null) ?? byName;
    }

    private byte[][]? ReadObjectGraph(CheckpointVariable tensor) => _store.ReadStrings(tensor, verify: true);

    private static int CheckedCount(CheckpointVariable variable) =>
        variable.ElementCount <= int.MaxValue
            ? (int)variable.ElementCount
            : throw new NotSupportedException($"'{variable.Name}' has {variable.ElementCount} elements, more than an array or span can hold.");

    private static void CheckElementType<T>(CheckpointVariable variable)
        where T : unmanaged
    {
        if (!TensorDataTypes.CanReadAs(variable.DataType, typeof(T)))
        {
            throw new ArgumentException(TensorDataTypes.CannotReadAs(variable.Name, variable.DataType, typeof(T)));
        }
    }
}
