using Google.Protobuf;

namespace CheckpointGen.Runtime.Format;

/// <summary>
/// Parses protobuf messages from untrusted bytes so that every parser failure is a
/// <see cref="CheckpointFormatException"/>. Google.Protobuf throws IndexOutOfRangeException
/// instead of InvalidProtocolBufferException for some truncated messages whose length prefix is
/// near 2^31 (protocolbuffers/protobuf#26856, still open in 3.34), so that is caught too.
/// </summary>
internal static class ProtoParsing
{
    public static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, string what, string file, long? offset, string? tensorName = null)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CheckpointFormatException($"{what}: {e.Message}", file, offset, tensorName, e);
        }
        catch (IndexOutOfRangeException e)
        {
            throw new CheckpointFormatException($"{what}: a length runs past the end of the message", file, offset, tensorName, e);
        }
    }
}
