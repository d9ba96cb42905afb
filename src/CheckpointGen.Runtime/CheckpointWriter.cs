using CheckpointGen.Runtime.Format.Writing;

namespace CheckpointGen.Runtime;

/// <summary>
/// Writes a TensorFlow checkpoint (TensorBundle V2: <c>prefix.index</c> and
/// <c>prefix.data-0000i-of-0000N</c>) that TensorFlow restores, laid out as TensorFlow lays one
/// out. Add tensors, partitioned tensors and tensors copied from open checkpoints, then
/// <see cref="Commit"/>: only then is data read and written, straight from where it lives, into
/// temporary files beside the prefix that are renamed into place at the end. Until that rename
/// an existing checkpoint with the same prefix is untouched, and a failure leaves no files.
/// Not thread-safe.
/// </summary>
/// <example>
/// <code>
/// using var writer = new CheckpointWriter("out/model.ckpt-1");
/// writer.Add("dense/kernel", TensorShape.Create(784, 128), TensorData.FromValues(kernel));
/// writer.Add("global_step", TensorShape.Scalar, TensorData.FromValues(new[] { 1L }));
/// writer.Commit();
/// </code>
/// </example>
public sealed class CheckpointWriter : IDisposable
{
    private readonly BundleWriter _bundle;
    private readonly TensorCopier _copier = new();
    private bool _finished;
    private bool _disposed;

    /// <summary>Starts a checkpoint to be written at <paramref name="prefix"/>; nothing touches the disk yet.</summary>
    /// <param name="prefix">The checkpoint prefix, e.g. <c>out/model.ckpt-1000</c>; its folder is created if needed.</param>
    /// <param name="options">Sharding and layout; <see cref="CheckpointWriterOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The prefix is empty or names a folder.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public CheckpointWriter(string prefix, CheckpointWriterOptions? options = null)
    {
        if (string.IsNullOrEmpty(prefix) || string.IsNullOrEmpty(Path.GetFileName(prefix)))
        {
            throw new ArgumentException($"'{prefix}' is not a checkpoint prefix: it needs a file name part, like model.ckpt.", nameof(prefix));
        }
        _bundle = new BundleWriter(prefix, options ?? CheckpointWriterOptions.Default);
    }

    /// <summary>The prefix the checkpoint is written at.</summary>
    public string Prefix => _bundle.Prefix;

    /// <summary>Adds a tensor.</summary>
    /// <param name="name">Its key, e.g. <c>dense/kernel</c>; unique in the checkpoint.</param>
    /// <param name="shape">Its shape.</param>
    /// <param name="data">Its values, which must fill <paramref name="shape"/> exactly.</param>
    /// <param name="shard">The data file to put it in (below <see cref="CheckpointWriterOptions.ShardCount"/>); 0 when null. Must be null when shards are assigned by size.</param>
    /// <exception cref="ArgumentException">The name is empty or taken, or the data does not fit the shape.</exception>
    public void Add(string name, TensorShape shape, TensorData data, int? shard = null)
    {
        EnsureOpen();
        _bundle.Add(name ?? throw new ArgumentNullException(nameof(name)), shape ?? throw new ArgumentNullException(nameof(shape)), data ?? throw new ArgumentNullException(nameof(data)), shard);
    }

    /// <summary>
    /// Adds one partition of a partitioned variable. The checkpoint gets TensorFlow's layout: an
    /// entry for the whole tensor listing its partitions, and one per partition with its data.
    /// Partitions may be uneven and must not overlap; a partition covering the whole tensor is
    /// stored as a plain tensor, as TensorFlow does.
    /// </summary>
    /// <param name="name">The whole tensor's key.</param>
    /// <param name="fullShape">The whole tensor's shape; the same for every partition.</param>
    /// <param name="slice">Where this partition lies.</param>
    /// <param name="data">The partition's values, row-major in the partition's own shape.</param>
    /// <param name="shard">As for <see cref="Add"/>.</param>
    /// <exception cref="ArgumentException">The slice does not fit, overlaps another, or disagrees with earlier partitions.</exception>
    public void AddSlice(string name, TensorShape fullShape, TensorSlice slice, TensorData data, int? shard = null)
    {
        EnsureOpen();
        _bundle.AddSlice(
            name ?? throw new ArgumentNullException(nameof(name)),
            fullShape ?? throw new ArgumentNullException(nameof(fullShape)),
            slice ?? throw new ArgumentNullException(nameof(slice)),
            data ?? throw new ArgumentNullException(nameof(data)),
            shard);
    }

    /// <summary>
    /// Adds a tensor of an open checkpoint, optionally renamed. From a V2 checkpoint its stored
    /// bytes are copied as they are (partitions stay partitions) at commit, checksums verified on
    /// the way; the source's files must stay in place until then, though <paramref name="source"/>
    /// itself may be disposed. From a V1 or big-endian checkpoint the values are read now and
    /// written whole.
    /// </summary>
    /// <param name="source">The checkpoint to copy from.</param>
    /// <param name="name">The tensor's key, or its variable name where the source's graph gives one.</param>
    /// <param name="newName">The key in the new checkpoint; the source key when null.</param>
    /// <param name="shard">As for <see cref="Add"/>.</param>
    /// <exception cref="KeyNotFoundException">The source has no such tensor.</exception>
    /// <exception cref="NotSupportedException">The tensor is a resource or variant, which have no copyable value.</exception>
    public void CopyFrom(Checkpoint source, string name, string? newName = null, int? shard = null)
    {
        EnsureOpen();
        _copier.Copy(_bundle, source ?? throw new ArgumentNullException(nameof(source)), name ?? throw new ArgumentNullException(nameof(name)), newName, shard);
    }

    /// <summary>
    /// Writes the checkpoint: every data file and the index under temporary names in the
    /// prefix's folder, then renamed over any existing files of the prefix, index last. On
    /// failure (a data source throws, a source checksum mismatches, the disk fills) the
    /// temporary files are deleted and an existing checkpoint is left as it was. The writer
    /// cannot be used afterwards, whatever the outcome.
    /// </summary>
    /// <param name="progress">Receives the tensor bytes written so far.</param>
    /// <exception cref="CheckpointChecksumException">A tensor copied from a checkpoint is corrupt.</exception>
    /// <exception cref="IOException">The files could not be written or renamed.</exception>
    public void Commit(IProgress<long>? progress = null)
    {
        EnsureOpen();
        _finished = true;
        try
        {
            using var files = _bundle.WriteTemporaryFiles(progress);
            // Copy sources map the files they read, which may be the very files being replaced.
            _copier.Dispose();
            files.Install();
        }
        finally
        {
            _copier.Dispose();
        }
    }

    /// <summary>Releases the checkpoints opened for copying; an uncommitted checkpoint is simply not written.</summary>
    public void Dispose()
    {
        _disposed = true;
        _copier.Dispose();
    }

    private void EnsureOpen()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(CheckpointWriter));
        }
        if (_finished)
        {
            throw new InvalidOperationException("The checkpoint was already committed (or its commit failed); start a new CheckpointWriter.");
        }
    }
}
