using CheckpointGen.Tool.Commands;
using CheckpointGen.Tool.Npy;
using CheckpointGen.Tool.Output.Json;
using CheckpointGen.Tool.Output.Numpy;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Prediction;

/// <summary>An output of a prediction: its key (as given in <c>--outputs</c>, or the signature's output key) and its array.</summary>
internal sealed record PredictedTensor(string Key, NpyArray Array);

/// <summary>How <c>predict</c> shows its outputs: numpy-style text, JSON for scripts, or one <c>.npy</c> file per output.</summary>
internal static class PredictionOutput
{
    public static void WriteText(TextWriter output, IReadOnlyList<PredictedTensor> tensors)
    {
        foreach (var t in tensors)
        {
            output.WriteLine($"{t.Key}: {t.Array.DType.Name} {NpyArray.FormatShape(t.Array.Shape)}");
            output.WriteLine(NumpyPrinter.Format(Values(t.Array)));
        }
    }

    /// <summary><c>{"outputs":{"KEY":{"dtype":"float32","shape":[…],"values":[…]}}}</c>, values flat in row-major order.</summary>
    public static void WriteJson(TextWriter output, IReadOnlyList<PredictedTensor> tensors)
    {
        using var sink = new JsonTextSink(output);
        var writer = sink.Writer;
        writer.WriteStartObject();
        writer.WriteStartObject("outputs");
        foreach (var t in tensors)
        {
            writer.WriteStartObject(t.Key);
            writer.WriteString("dtype", t.Array.DType.Name);
            writer.WriteStartArray("shape");
            foreach (var d in t.Array.Shape)
            {
                writer.WriteNumberValue(d);
            }
            writer.WriteEndArray();
            writer.WritePropertyName("values");
            JsonValueWriter.Write(writer, Values(t.Array));
            writer.WriteEndObject();
            sink.Drain();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        sink.Complete();
    }

    /// <summary>Writes <c>DIR/KEY.npy</c> per output (characters a file name cannot hold, such as '/', become '_') and returns the files.</summary>
    /// <exception cref="CommandFailedException">Two keys give one file name (exit 2), or a file cannot be written (exit 6).</exception>
    public static IReadOnlyList<string> WriteFiles(string directory, IReadOnlyList<PredictedTensor> tensors)
    {
        var paths = tensors.Select(t => Path.Combine(directory, FileName(t.Key) + ".npy")).ToArray();
        if (paths.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new CommandFailedException(ExitCodes.Usage, $"two outputs would both be written to {clash.Key}; use --json instead");
        }
        OutputWriting.Run(directory, directory, () =>
        {
            Directory.CreateDirectory(directory);
            for (var i = 0; i < tensors.Count; i++)
            {
                var array = tensors[i].Array;
                AtomicFile.Write(paths[i], stream => NpyFile.Write(stream, array));
            }
        });
        return paths;
    }

    private static string FileName(string key)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':' }).ToHashSet();
        return new string(key.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
    }

    private static TensorValues Values(NpyArray array) => array.Values switch
    {
        float[] a => new RealValues(array.Shape, Array.ConvertAll(a, x => (double)x), RealPrecision.Single),
        double[] a => new RealValues(array.Shape, a, RealPrecision.Double),
        int[] a => new IntegerValues(array.Shape, Array.ConvertAll(a, x => (Int128)x)),
        long[] a => new IntegerValues(array.Shape, Array.ConvertAll(a, x => (Int128)x)),
        bool[] a => new BoolValues(array.Shape, a),
        _ => throw new ArgumentException($"{array.Values.GetType()} is not an element array .npy files hold", nameof(array)),
    };
}
