using System.Globalization;
using System.Numerics;
using CheckpointGen.Runtime;

namespace E2E;

/// <summary>
/// Part of every consumer project the end-to-end tests build: prints what generated classes
/// hold, one tab-separated line per tensor, which the tests parse and compare with the
/// independent reader's listings. Compiled with the consumers' strict settings (warnings as
/// errors, nullable), so it also shows that the generated API is usable under them.
/// </summary>
internal static class TensorDump
{
    /// <summary>No arguments: every model as compiled. <c>NAME PATH</c>: that model opened from PATH.</summary>
    public static int Run(IReadOnlyDictionary<string, Func<string?, TensorStorage>> models, string[] args)
    {
        var names = args.Length > 0 ? new[] { args[0] } : models.Keys.ToArray();
        var path = args.Length > 1 ? args[1] : null;
        foreach (var name in names)
        {
            try
            {
                var storage = models[name](path);
                Write(name, storage);
                if (storage is MappedTensorStorage)
                {
                    storage.Dispose();
                }
            }
            catch (CheckpointException e)
            {
                Console.WriteLine(string.Join('\t', "error", name, e.GetType().Name, e.Message.ReplaceLineEndings(" ")));
                return 3;
            }
        }
        return 0;
    }

    private static void Write(string model, TensorStorage storage)
    {
        Console.WriteLine(storage is MappedTensorStorage mapped
            ? string.Join('\t', "storage", model, "mapped", mapped.Checkpoint.Location.Prefix)
            : string.Join('\t', "storage", model, "embedded", "-"));
        for (var i = 0; i < storage.Descriptors.Count; i++)
        {
            var d = storage.Descriptors[i];
            var count = d.ElementCount;
            var (sum, first) = d.DataType switch
            {
                TensorDataType.Float => Stats(storage.GetTensor<float>(i).Span),
                TensorDataType.Double => Stats(storage.GetTensor<double>(i).Span),
                TensorDataType.Int32 => Stats(storage.GetTensor<int>(i).Span),
                TensorDataType.Int64 => Stats(storage.GetTensor<long>(i).Span),
                _ => ("-", "-"),
            };
            if (d.DataType == TensorDataType.String)
            {
                count = storage.GetStrings(i).ReadAll().Length;
            }
            Console.WriteLine(string.Join('\t', "tensor", model, d.Name, TensorDataTypes.Name(d.DataType), count.ToString(CultureInfo.InvariantCulture), sum, first));
        }
    }

    private static (string Sum, string First) Stats<T>(ReadOnlySpan<T> values)
        where T : unmanaged, INumberBase<T>
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += double.CreateChecked(value);
        }
        var first = values.Length > 0 ? double.CreateChecked(values[0]).ToString("R", CultureInfo.InvariantCulture) : "-";
        return (sum.ToString("R", CultureInfo.InvariantCulture), first);
    }
}
