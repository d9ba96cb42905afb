using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CheckpointGen.Tool.Output.Json;

/// <summary>
/// A <see cref="Utf8JsonWriter"/> whose output goes to a <see cref="TextWriter"/> in pieces, so
/// printing every value of a large checkpoint never holds the whole document in memory.
/// </summary>
internal sealed class JsonTextSink : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Names are shown as they are; the output is not embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly TextWriter _output;

    public JsonTextSink(TextWriter output)
    {
        _output = output;
        Writer = new Utf8JsonWriter(_buffer, Options);
    }

    public Utf8JsonWriter Writer { get; }

    /// <summary>Moves what has been written so far to the text output.</summary>
    public void Drain()
    {
        Writer.Flush();
        _output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        _buffer.ResetWrittenCount();
    }

    /// <summary>Drains the rest and ends the document with a newline.</summary>
    public void Complete()
    {
        Drain();
        _output.WriteLine();
    }

    public void Dispose() => Writer.Dispose();
}
