using System.Security.Cryptography;
using System.Text;
using CheckpointGen.Contracts;
using CheckpointGen.Manifest;
using CheckpointGen.Runtime;

namespace CheckpointGen.Build;

/// <summary>
/// Turns one &lt;Checkpoint&gt; item into a manifest for the generator and, in Embedded mode, the
/// packed weights resource; in Lazy mode, the list of files to copy beside the application.
/// Every kept tensor is read with its CRC checked, so corruption fails the build, not the app.
/// </summary>
internal static class ManifestBuilder
{
    /// <summary>Tensors start at multiples of this in the weights resource, enough for any SIMD load.</summary>
    public const int Alignment = 64;

    /// <param name="designTime">
    /// An IDE's design-time build: the layout comes from the index alone, no weights are packed
    /// and no tensor is read (a full build rewrites the plan with the packed layout).
    /// </param>
    public static CheckpointManifest Build(WorkerItem request, Checkpoint checkpoint, IReadOnlyList<CheckpointVariable> kept, OutputIndex index, bool designTime = false)
    {
        var resourceName = request.Mode == CheckpointManifest.EmbeddedMode
            ? (request.Namespace.Length > 0 ? request.Namespace + "." : string.Empty) + request.ClassName + ".weights"
            : string.Empty;
        var offsets = new long[kept.Count];
        var sizes = new long[kept.Count];
        if (request.Mode == CheckpointManifest.EmbeddedMode && designTime)
        {
            Layout(kept, offsets, sizes);
        }
        else if (request.Mode == CheckpointManifest.EmbeddedMode)
        {
            var weightsPath = Path.Combine(request.OutputDirectory, request.ClassName + ".weights");
            AtomicFile.Write(weightsPath, stream => PackWeights(checkpoint, kept, stream, offsets, sizes));
            index.Resources.Add((weightsPath, resourceName));
        }
        else
        {
            for (var i = 0; i < kept.Count; i++)
            {
                offsets[i] = -1;
                sizes[i] = EmbeddedSize.Stored(kept[i]);
                if (!designTime)
                {
                    checkpoint.Verify(kept[i].Name);
                }
            }
        }

        var lazyPath = LazyTarget(request, checkpoint);
        if (request.Mode == CheckpointManifest.LazyMode && request.CopyToOutput)
        {
            var targetDirectory = Path.GetDirectoryName(lazyPath) ?? string.Empty;
            foreach (var file in checkpoint.Files.Where(File.Exists))
            {
                index.Copies.Add((file, Path.Combine(targetDirectory, Path.GetFileName(file))));
            }
        }

        var tensors = kept.Select((v, i) => new ManifestTensor(
            v.Name, v.VariableName ?? string.Empty, TensorDataTypes.Name(v.DataType), new EquatableArray<long>(v.Shape.ToArray()),
            v.Kind.ToString().ToLowerInvariant(), offsets[i], sizes[i])).ToArray();
        return new CheckpointManifest(
            request.ClassName, request.Namespace, request.Access, request.Mode, request.ItemSpec, resourceName,
            lazyPath.Replace('\\', '/'), Fingerprint(tensors),
            new EquatableArray<ManifestTensor>(tensors),
            SignatureReader.Read(checkpoint));
    }

    /// <summary>
    /// Where Lazy mode's files go under the output folder, as the prefix <c>Open()</c> uses: the
    /// checkpoint's own path relative to the project when it is inside it, else a folder named
    /// after the class.
    /// </summary>
    private static string LazyTarget(WorkerItem request, Checkpoint checkpoint)
    {
        var prefix = checkpoint.Location.Format == CheckpointFormat.V2 ? checkpoint.Location.Prefix : checkpoint.Files[0];
        var relative = Path.GetRelativePath(request.ProjectDirectory, prefix);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? Path.Combine("checkpoints", request.ClassName, Path.GetFileName(prefix))
            : relative;
    }

    /// <summary>Where packing would put each tensor, from the sizes the index gives.</summary>
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

    private static void PackWeights(Checkpoint checkpoint, IReadOnlyList<CheckpointVariable> kept, Stream output, long[] offsets, long[] sizes)
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

    /// <summary>Names, dtypes and shapes, hashed: two checkpoints of one model share it.</summary>
    private static string Fingerprint(IEnumerable<ManifestTensor> tensors)
    {
        var text = string.Concat(tensors.Select(t => $"{t.Name}\t{t.DType}\t{string.Join(",", t.Shape)}\n"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
    }
}
