using System.Globalization;
using System.Text.Json;

namespace CheckpointGen.Tests.Oracle;

/// <summary>A dense feature as <c>tf.io.FixedLenFeature</c> declares it: key, dtype (float32 or int64), per-example shape, default (null: required).</summary>
internal sealed record OracleFeature(string Key, string DType, int[] Shape, double[]? Default = null);

/// <summary>What ParseExample gives: the dense tensors by key (int64 values as decimal strings), or the first error TensorFlow would raise.</summary>
internal sealed record ParsedExamples(IReadOnlyDictionary<string, (int[] Shape, string DType, string[] Values)> Features, (int Example, string Feature, string Reason)? Error)
{
    public float[] Floats(string key) => Features[key].Values.Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    public long[] Longs(string key) => Features[key].Values.Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}

/// <summary>
/// tests/oracle/parse_examples.js: serialized tf.Examples decoded by protobufjs with the oracle's own
/// example.proto into the dense tensors ParseExample gives (tfjs has no ParseExample kernel), to be
/// fed to the graph cut after the parse. Shares nothing with the product's wire reader.
/// </summary>
internal static class ExampleOracle
{
    public static ParsedExamples Parse(IReadOnlyList<OracleFeature> features, IReadOnlyList<byte[]> examples)
    {
        var stdout = TfjsOracle.RunScript("parse_examples.js", work =>
        {
            var request = Path.Combine(work, "request.json");
            File.WriteAllText(request, JsonSerializer.Serialize(new
            {
                features = features.Select(f => new { key = f.Key, dtype = f.DType, shape = f.Shape, @default = f.Default }),
                examples = examples.Select(Convert.ToBase64String),
            }));
            return new[] { request };
        });
        using var document = JsonDocument.Parse(stdout);
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            return new ParsedExamples(new Dictionary<string, (int[], string, string[])>(),
                (error.GetProperty("example").GetInt32(), error.GetProperty("feature").GetString()!, error.GetProperty("reason").GetString()!));
        }
        var parsed = document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => (p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
                  p.Value.GetProperty("dtype").GetString()!,
                  p.Value.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetDouble().ToString("R", CultureInfo.InvariantCulture)).ToArray()));
        return new ParsedExamples(parsed, null);
    }
}
