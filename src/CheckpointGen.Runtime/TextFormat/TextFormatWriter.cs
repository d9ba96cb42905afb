using System.Globalization;
using System.Text;

namespace CheckpointGen.Runtime.TextFormat;

/// <summary>
/// Writes top-level scalar fields in protobuf text format, one <c>name: value</c> per line, the
/// way protobuf's printer formats them (what TensorFlow writes to <c>checkpoint</c> files).
/// </summary>
internal sealed class TextFormatWriter
{
    private readonly StringBuilder _text = new();

    /// <summary>A string field: double-quoted, UTF-8 with C escapes.</summary>
    public void Write(string field, string value) =>
        _text.Append(field).Append(": \"").Append(TextEscapes.Escape(Encoding.UTF8.GetBytes(value))).Append("\"\n");

    /// <summary>A double field, in the shortest form that reads back to the same value (<c>inf</c>, <c>-inf</c>, <c>nan</c> for the specials).</summary>
    public void Write(string field, double value) =>
        _text.Append(field).Append(": ").Append(Format(value)).Append('\n');

    /// <inheritdoc/>
    public override string ToString() => _text.ToString();

    private static string Format(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}
