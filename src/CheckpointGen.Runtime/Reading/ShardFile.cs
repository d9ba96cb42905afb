using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace CheckpointGen.Runtime.Reading;

/// <summary>
/// One data file of a checkpoint, opened on first use so that listing never touches the data
/// and a missing shard only fails the reads that need it. The memory mapping is created on the
/// first zero-copy access and covers the whole file: mapping is lazy in the OS, so its cost does
/// not grow with the file.
/// </summary>
internal sealed unsafe class ShardFile : IDisposable
{
    private readonly object _gate = new();
    private FileStream? _stream;
    private long _length;
#if NET
    /// <summary>The stream's handle, taken once: FileStream.SafeFileHandle seeks the file each time it is asked.</summary>
    private SafeFileHandle? _handle;
#endif
    private MemoryMappedFile? _map;
    private MemoryMappedViewAccessor? _view;
    private byte* _pointer;
    private bool _disposed;

    public ShardFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// The file's length; opening it here is what reports a missing shard, naming the tensor.
    /// Taken once at opening: asking the stream costs two system calls, as much again as each
    /// chunk's read, and a file that shrinks later still fails the read that reaches its end.
    /// </summary>
    public long GetLength(string tensorName)
    {
        GetStream(tensorName);
        return _length;
    }

    private FileStream GetStream(string tensorName)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_stream is null)
            {
                var stream = OpenStream(tensorName);
                _length = stream.Length;
#if NET
                _handle = stream.SafeFileHandle;
#endif
                _stream = stream;
            }
            return _stream;
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes at <paramref name="offset"/>.</summary>
    public void Read(long offset, Span<byte> destination, string tensorName)
    {
        var stream = GetStream(tensorName);
        CheckRange(offset, destination.Length, tensorName);
#if NET
        while (destination.Length > 0)
        {
            var n = RandomAccess.Read(_handle!, destination, offset);
            if (n <= 0)
            {
                throw new CheckpointFormatException("data file ended early", Path, offset, tensorName);
            }
            destination = destination.Slice(n);
            offset += n;
        }
#else
        lock (_gate)
        {
            stream.Position = offset;
            var buffer = new byte[Math.Min(destination.Length, 1 << 20)];
            while (destination.Length > 0)
            {
                var n = stream.Read(buffer, 0, Math.Min(buffer.Length, destination.Length));
                if (n <= 0)
                {
                    throw new CheckpointFormatException("data file ended early", Path, stream.Position, tensorName);
                }
                buffer.AsSpan(0, n).CopyTo(destination);
                destination = destination.Slice(n);
            }
        }
#endif
    }

    /// <summary>A pointer to <paramref name="offset"/> in the mapped file, valid until disposal.</summary>
    public byte* Map(long offset, long length, string tensorName)
    {
        CheckRange(offset, length, tensorName);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_pointer == null)
            {
                var stream = GetStream(tensorName);
                if (stream.Length == 0)
                {
                    return null;
                }
                _map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
                _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                byte* p = null;
                _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
                _pointer = p + _view.PointerOffset;
            }
            return _pointer + offset;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            if (_pointer != null)
            {
                _view!.SafeMemoryMappedViewHandle.ReleasePointer();
                _pointer = null;
            }
            _view?.Dispose();
            _map?.Dispose();
            _stream?.Dispose();
        }
    }

    /// <summary>Checks a tensor's bytes lie inside the file, before anything is allocated for them.</summary>
    public void CheckRange(long offset, long length, string tensorName)
    {
        var fileLength = GetLength(tensorName);
        if (offset > fileLength || length > fileLength - offset)
        {
            throw new CheckpointFormatException(
                $"tensor bytes [{offset}, {offset + length}) lie past the end of the {fileLength}-byte data file", Path, offset, tensorName);
        }
    }

    private FileStream OpenStream(string tensorName)
    {
        try
        {
            return new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1, FileOptions.RandomAccess);
        }
        catch (FileNotFoundException)
        {
            throw new CheckpointNotFoundException("data file is missing", Path, tensorName);
        }
        catch (DirectoryNotFoundException)
        {
            throw new CheckpointNotFoundException("data file is missing", Path, tensorName);
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(Checkpoint), "The checkpoint was disposed; its memory-mapped tensors are no longer valid.");
        }
    }
}
