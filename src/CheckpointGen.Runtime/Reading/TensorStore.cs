namespace CheckpointGen.Runtime.Reading;

/// <summary>
/// A format's way to get tensor bytes: V2 bundles (<see cref="BundleStore"/>) and legacy V1
/// slice tables (<see cref="V1Store"/>). Callers pass whether to verify checksums; the policy of
/// when to verify belongs to <see cref="Checkpoint"/>.
/// </summary>
internal abstract class TensorStore : IDisposable
{
    public abstract CheckpointFormat Format { get; }

    /// <summary>The checkpoint's tensors in key order.</summary>
    public abstract IReadOnlyList<CheckpointVariable> Tensors { get; }

    /// <summary>The files that make up the checkpoint, for tools that copy or hash it.</summary>
    public abstract IReadOnlyList<string> Files { get; }

    /// <summary>
    /// Checks that the tensor's bytes are there (its files are long enough for them) before a
    /// caller allocates for its elements, so a lying index cannot cause a large allocation.
    /// </summary>
    public abstract void CheckReadable(CheckpointVariable tensor);

    /// <summary>Fills <paramref name="destination"/> with the tensor's little-endian element bytes.</summary>
    public abstract void ReadRaw(CheckpointVariable tensor, Span<byte> destination, bool verify);

    /// <summary>The elements of a string tensor, row-major.</summary>
    public abstract byte[][] ReadStrings(CheckpointVariable tensor, bool verify);

    /// <summary>
    /// A pointer to the tensor's bytes in a memory mapping, or null with the reason when the
    /// format or tensor cannot be accessed without a copy.
    /// </summary>
    public abstract unsafe byte* Map(CheckpointVariable tensor, bool verify, out string? whyNot);

    /// <summary>Checks every stored checksum of one tensor.</summary>
    public abstract void Verify(CheckpointVariable tensor);

    public abstract void Dispose();
}
