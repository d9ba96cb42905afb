using System.Runtime.InteropServices;

namespace CheckpointGen.Runtime;

/// <summary>
/// Tensors read from checkpoint files at run time (Lazy mode): each tensor is memory-mapped on
/// first access, thread-safely, and its checksum verified then. Tensors that cannot be mapped in
/// place (partitioned, V1, big-endian) are read once into pinned memory. Dispose unmaps.
/// </summary>
public sealed unsafe class MappedTensorStorage : TensorStorage
{
    private readonly Checkpoint _checkpoint;
    private readonly CheckpointVariable[] _variables;
    private readonly IntPtr[] _pointers;
    private readonly object _gate = new();
    private readonly List<GCHandle> _pins = new();
    private bool _disposed;

    private MappedTensorStorage(TensorDescriptor[] descriptors, Checkpoint checkpoint)
        : base(descriptors)
    {
        _checkpoint = checkpoint;
        _variables = new CheckpointVariable[descriptors.Length];
        _pointers = new IntPtr[descriptors.Length];
    }

    /// <summary>
    /// Opens the checkpoint at <paramref name="path"/> (anything <see cref="Checkpoint.Open(string, CheckpointOpenOptions?)"/>
    /// accepts) and checks it holds every descriptor's tensor with the same dtype and shape; called by generated code.
    /// </summary>
    /// <exception cref="CheckpointMismatchException">Names, dtypes or shapes differ from the compiled ones.</exception>
    public static MappedTensorStorage Open(string path, TensorDescriptor[] descriptors)
    {
        var checkpoint = Checkpoint.Open(path, new CheckpointOpenOptions { LoadGraph = false });
        try
        {
            var storage = new MappedTensorStorage(descriptors, checkpoint);
            storage.MatchVariables();
            return storage;
        }
        catch
        {
            // Nothing but the checkpoint is held before the storage is returned.
            checkpoint.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Finds each descriptor's variable and checks its dtype and shape. Descriptors name stored
    /// keys, so one pass over the checkpoint's variables, looked up in this storage's own name
    /// index, finds them without the checkpoint building a second dictionary of every name (a
    /// large-object-heap array for a large model); a descriptor that pass leaves unmatched is
    /// looked up as <see cref="Checkpoint.TryGetVariable"/> does, by key or real name.
    /// </summary>
    private void MatchVariables()
    {
        foreach (var v in _checkpoint.Variables)
        {
            if (TryGetIndex(v.Name, out var i) && string.Equals(Descriptors[i].Name, v.Name, StringComparison.Ordinal))
            {
                _variables[i] = v;
            }
        }
        var differences = new List<string>();
        for (var i = 0; i < _variables.Length; i++)
        {
            var d = Descriptors[i];
            var v = _variables[i];
            if (v is null && !_checkpoint.TryGetVariable(d.Name, out v))
            {
                differences.Add($"'{d.Name}' is missing");
                continue;
            }
            if (v.DataType != d.DataType)
            {
                differences.Add($"'{d.Name}' is {TensorDataTypes.Name(v.DataType)}, compiled as {TensorDataTypes.Name(d.DataType)}");
            }
            else if (!v.Shape.DimensionSpan.SequenceEqual(d.Shape))
            {
                differences.Add($"'{d.Name}' has shape {v.Shape}, compiled as {TensorShape.Create(d.ShapeArray)}");
            }
            _variables[i] = v;
        }
        if (differences.Count > 0)
        {
            throw new CheckpointMismatchException(_checkpoint.Location.Prefix, differences);
        }
    }

    /// <summary>The checkpoint the tensors come from.</summary>
    public Checkpoint Checkpoint => _checkpoint;

    internal override byte* GetPointer(int index)
    {
        var pointer = Volatile.Read(ref _pointers[index]);
        return pointer != IntPtr.Zero ? (byte*)pointer : Load(index);
    }

    internal override byte[][] ReadStrings(int index) => _checkpoint.ReadStrings(_variables[index].Name);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            Array.Clear(_pointers, 0, _pointers.Length);
            _checkpoint.Dispose();
            foreach (var pin in _pins)
            {
                pin.Free();
            }
            _pins.Clear();
        }
    }

    private byte* Load(int index)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(MappedTensorStorage));
            }
            if (_pointers[index] != IntPtr.Zero)
            {
                return (byte*)_pointers[index];
            }
            var variable = _variables[index];
            var pointer = _checkpoint.TryMap(variable);
            if (pointer == null)
            {
                var copy = _checkpoint.ReadBytes(variable.Name);
                var pin = GCHandle.Alloc(copy, GCHandleType.Pinned);
                _pins.Add(pin);
                pointer = (byte*)pin.AddrOfPinnedObject();
            }
            Volatile.Write(ref _pointers[index], (IntPtr)pointer);
            return pointer;
        }
    }
}
