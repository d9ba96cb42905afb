using System.Text;

namespace CheckpointGen.Tool.Output.Numpy;

/// <summary>Python's <c>repr</c> of a <c>bytes</c> object, which is how numpy prints TensorFlow string elements.</summary>
internal static class PythonBytes
{
    /// <summary><c>b'abc'</c>, <c>b"it's"</c>, <c>b'\x00\n'</c>.</summary>
    public static string Repr(byte[] value)
    {
        var quote = Array.IndexOf(value, (byte)'\'') >= 0 && Array.IndexOf(value, (byte)'"') < 0 ? '"' : '\'';
        var text = new StringBuilder(value.Length + 3).Append('b').Append(quote);
        foreach (var b in value)
        {
            switch (b)
            {
                case (byte)'\\':
                    text.Append(@"\\");
                    break;
                case (byte)'\t':
                    text.Append(@"\t");
                    break;
                case (byte)'\n':
                    text.Append(@"\n");
                    break;
                case (byte)'\r':
                    text.Append(@"\r");
                    break;
                case < 0x20 or >= 0x7f:
                    text.Append(@"\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    if (b == quote)
                    {
                        text.Append('\\');
                    }
                    text.Append((char)b);
                    break;
            }
        }
        return text.Append(quote).ToString();
    }
}
