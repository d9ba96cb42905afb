using System.Reflection;
using System.Runtime.InteropServices;
using CheckpointGen.Runtime.Reading;

namespace CheckpointGen.Runtime;

/// <summary>
/// Tensors packed by the build into a manifest resource of the assembly (Embedded mode). The
/// runtime maps assemblies' resources into memory, so the tensors are read in place: no copy,
/// no file, nothing to dispose.
/// </summary>
public sealed unsafe class EmbeddedTensorStorage : TensorStorage
{
    private readonly byte* _base;
    private readonly string _resourceName;

    /// <summary>Keeps a copied resource alive when the runtime could not expose it in place.</summary>
    private readonly GCHandle _pin;

    private EmbeddedTensorStorage(TensorDescriptor[] descriptors, byte* basePointer, string resourceName, GCHandle pin)
        : base(descriptors)
    {
        _base = basePointer;
        _resourceName = resourceName;
        _pin = pin;
    }

    /// <summary>Opens the weights resource <paramref name="resourceName"/> of <paramref name="assembly"/>; called by generated code.</summary>
    /// <exception cref="CheckpointNotFoundException">The resource is missing.</exception>
    /// <exception cref="CheckpointFormatException">The resource is smaller than the tensors it should hold.</exception>
    public static EmbeddedTensorStorage FromResource(Assembly assembly, string resourceName, TensorDescriptor[] descriptors)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new CheckpointNotFoundException($"assembly {assembly.GetName().Name} has no embedded weights resource", resourceName);
        long needed = 0;
        foreach (var d in descriptors)
        {
            needed = Math.Max(needed, d.Offset + d.ByteLength);
        }
        if (stream.Length < needed)
        {
            throw new CheckpointFormatException($"embedded weights hold {stream.Length} bytes; the generated code expects {needed}", resourceName);
        }
        if (stream is UnmanagedMemoryStream unmanaged)
        {
            return new EmbeddedTensorStorage(descriptors, unmanaged.PositionPointer, resourceName, default);
        }
        // Assemblies loaded from bytes expose resources as managed streams: copy once and pin.
        var copy = new byte[stream.Length];
        stream.ReadExactly(copy);
        var pin = GCHandle.Alloc(copy, GCHandleType.Pinned);
        return new EmbeddedTensorStorage(descriptors, (byte*)pin.AddrOfPinnedObject(), resourceName, pin);
    }

    internal override byte* GetPointer(int index) => _base + Descriptors[index].Offset;

    internal override byte[][] ReadStrings(int index)
    {
        var d = Descriptors[index];
        var bytes = new ReadOnlySpan<byte>(_base + d.Offset, checked((int)d.ByteLength));
        return StringTensorCodec.Decode(bytes, d.ElementCount, _resourceName, d.Offset, d.Name, out _);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        // The embedded instance is shared for the life of the process; a copied resource stays
        // pinned for the same reason.
    }
}
