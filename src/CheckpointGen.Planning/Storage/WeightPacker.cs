using CheckpointGen.Contracts;
using CheckpointGen.Planning.Items;
using CheckpointGen.Runtime;

namespace CheckpointGen.Planning.Storage;

/// <summary>Where each kept tensor's bytes are at run time.</summary>
/// <param name="ResourceName">Embedded mode: the weights resource's LogicalName; otherwise empty.</param>
/// <param name="LazyPath">Lazy mode: the prefix under the output folder <c>Open()</c> reads; otherwise empty.</param>
/// <param name="Offsets">Per tensor: the offset in the weights resource (Embedded), or -1.</param>
/// <param name="Sizes">Per tensor: its stored bytes.</param>
internal sealed record TensorStorage(string ResourceName, string LazyPath, long[] Offsets, long[] Sizes);

/// <summary>
/// Embedded mode: packs the kept tensors into the weights resource. Lazy mode: verifies them and
/// lists the checkpoint files to copy beside the application. Every kept tensor is read with its
/// CRC checked, so corruption fails the build, not the app.
/// </summary>
internal static class WeightPacker
{
    /// <summary>Tensors start at multiples of this in the weights resource, enough for any SIMD load.</summary>
    public const int Alignment = 64;

    /// <summary>The packed weights' file name in the output folder.</summary>
    public static string WeightsFile(ItemSettings settings) => settings.ClassName + ".weights";

    /// <summary>The weights resource's LogicalName.</summary>
    public static string ResourceName(ItemSettings settings) => (settings.Namespace.Length > 0 ? settings.Namespace + "." : string.Empty) + settings.ClassName + ".weights";

    /// <param name="designTime">Lay the weights out from the index alone: nothing is packed or read.</param>
    public static TensorStorage Place(ItemSettings settings, string projectDirectory, string outputDirectory, bool copyFiles, Checkpoint checkpoint, IReadOnlyList<CheckpointVariable> kept, OutputIndex index, bool designTime = false)
    {
        var offsets = new long[kept.Count];
        var sizes = new long[kept.Count];
        if (settings.IsEmbedded)
        {
            var resourceName = ResourceName(settings);
            if (designTime)
            {
                Layout(kept, offsets, sizes);
                return new TensorStorage(resourceName, string.Empty, offsets, sizes);
            }
            var weightsPath = Path.Combine(outputDirectory, WeightsFile(settings));
            AtomicFile.Write(weightsPath, stream => Pack(checkpoint, kept, stream, offsets, sizes));
            index.Resources.Add((weightsPath, resourceName));
            return new TensorStorage(resourceName, string.Empty, offsets, sizes);
        }
        for (var i = 0; i < kept.Count; i++)
        {
            offsets[i] = -1;
            sizes[i] = EmbeddedSize.Stored(kept[i]);
            if (!designTime)
            {
                checkpoint.Verify(kept[i].Name);
            }
        }
        var lazyPath = LazyTarget(settings, projectDirectory, checkpoint);
        if (copyFiles)
        {
            var targetDirectory = Path.GetDirectoryName(lazyPath) ?? string.Empty;
            foreach (var file in checkpoint.Files.Where(File.Exists))
            {
                index.Copies.Add((file, Path.Combine(targetDirectory, Path.GetFileName(file))));
            }
        }
        return new TensorStorage(string.Empty, lazyPath.Replace('\\', '/'), offsets, sizes);
    }

    /// <summary>
    /// Where Lazy mode's files go under the output folder, as the prefix <c>Open()</c> uses: the
    /// checkpoint's own path relative to the project when it is inside it, else a folder named
    /// after the class.
    /// </summary>
    private static string LazyTarget(ItemSettings settings, string projectDirectory, Checkpoint checkpoint)
    {
        var prefix = checkpoint.Location.Format == CheckpointFormat.V2 ? checkpoint.Location.Prefix : checkpoint.Files[0];
        var relative = Path.GetRelativePath(projectDirectory, prefix);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? Path.Combine("checkpoints", settings.ClassName, Path.GetFileName(prefix))
            : relative;
    }

    /// <summary>Where <see cref="Pack"/> would put each tensor, from the sizes the index gives (for strings, their stored size).</summary>
    private static void Layout(IReadOnlyList<CheckpointVariable> kept, long[] offsets, long[] sizes)
    {
        long position = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            position = (position + Alignment - 1) / Alignment * Alignment;
            offsets[i] = position;
            sizes[i] = EmbeddedSize.Stored(kept[i]);
            position += sizes[i];
        }
    }

    private static void Pack(Checkpoint checkpoint, IReadOnlyList<CheckpointVariable> kept, Stream output, long[] offsets, long[] sizes)
    {
        var padding = new byte[Alignment];
        long position = 0;
        for (var i = 0; i < kept.Count; i++)
        {
            var pad = (int)((Alignment - (position % Alignment)) % Alignment);
            output.Write(padding, 0, pad);
            position += pad;
            var v = kept[i];
            var bytes = v.DataType == TensorDataType.String
                ? Runtime.Reading.StringTensorCodec.Encode(checkpoint.ReadStrings(v.Name))
                : checkpoint.ReadBytes(v.Name);
            output.Write(bytes, 0, bytes.Length);
            offsets[i] = position;
            sizes[i] = bytes.Length;
            position += bytes.Length;
        }
    }
}
