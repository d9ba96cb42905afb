using System.Text.Json;
using CheckpointGen.Tool.Output.Digits;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Output.Json;

/// <summary>
/// Writes a tensor's elements as a flat row-major JSON array: reals as numbers with the
/// shortest digits that read back as the stored value (NaN and infinities as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>), complex numbers as <c>[re, im]</c>,
/// integers exactly, booleans, and strings as base64.
/// </summary>
internal static class JsonValueWriter
{
    public static void Write(Utf8JsonWriter writer, TensorValues values)
    {
        writer.WriteStartArray();
        switch (values)
        {
            case RealValues r:
                foreach (var v in r.Values)
                {
                    WriteReal(writer, v, r.Precision);
                }
                break;
            case ComplexValues c:
                for (var i = 0; i < c.Count; i++)
                {
                    writer.WriteStartArray();
                    WriteReal(writer, c.Real[i], c.Precision);
                    WriteReal(writer, c.Imaginary[i], c.Precision);
                    writer.WriteEndArray();
                }
                break;
            case IntegerValues n:
                foreach (var v in n.Values)
                {
                    if (Int128.IsNegative(v))
                    {
                        writer.WriteNumberValue((long)v);
                    }
                    else
                    {
                        writer.WriteNumberValue((ulong)v);
                    }
                }
                break;
            case BoolValues b:
                foreach (var v in b.Values)
                {
                    writer.WriteBooleanValue(v);
                }
                break;
            case BytesValues s:
                foreach (var v in s.Values)
                {
                    writer.WriteBase64StringValue(v);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(values), values.GetType().Name, "no JSON form");
        }
        writer.WriteEndArray();
    }

    private static void WriteReal(Utf8JsonWriter writer, double value, RealPrecision precision)
    {
        if (double.IsNaN(value))
        {
            writer.WriteStringValue("NaN");
        }
        else if (double.IsInfinity(value))
        {
            writer.WriteStringValue(value > 0 ? "Infinity" : "-Infinity");
        }
        else
        {
            writer.WriteRawValue(JsonNumber(value, precision), skipInputValidation: true);
        }
    }

    /// <summary>JSON number text: positional for ordinary magnitudes (<c>0.25</c>, <c>100</c>), <c>1.5e-07</c> otherwise.</summary>
    private static string JsonNumber(double value, RealPrecision precision)
    {
        var magnitude = Math.Abs(value);
        return magnitude == 0 || (magnitude >= 1e-6 && magnitude < 1e21)
            ? Dragon4.Positional(value, precision, -1, -1, Trim.DropPoint, plusSign: false)
            : Dragon4.Scientific(value, precision, -1, -1, Trim.DropPoint, plusSign: false);
    }
}
