using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CheckpointGen.Runtime.TextFormat;

/// <summary>
/// Parses protobuf text format (<c>graph.pbtxt</c>, <c>saved_model.pbtxt</c>, <c>checkpoint</c>
/// state files) guided by the message's descriptor. What it reads is written in binary form and
/// parsed by the generated code, which keeps this free of reflection over message types and so
/// safe to trim. As TensorFlow's readers need, fields the descriptor does not declare are
/// skipped, and so are extensions and expanded <c>Any</c> values (<c>[type.googleapis.com/…] {…}</c>).
/// </summary>
internal static class TextFormatParser
{
    /// <summary>
    /// Deeper nesting is refused: it is what a hostile file would use to exhaust the stack. Real
    /// graphs nest about 15 deep; protobuf's binary parser stops at 100.
    /// </summary>
    private const int MaxDepth = 64;

    /// <summary>Parses <paramref name="text"/>, read from <paramref name="path"/> (named in errors).</summary>
    /// <exception cref="CheckpointFormatException">The text is not a valid <typeparamref name="T"/>; the error gives the offset, line and column.</exception>
    public static T Parse<T>(string text, string path)
        where T : IMessage<T>, new()
    {
        var message = new T();
        var tokens = new TextTokenizer(text, path);
        var output = new WireWriter();
        ReadFields(tokens, message.Descriptor, output, close: null, depth: 0);
        try
        {
            message.MergeFrom(output.Written.ToArray());
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CheckpointFormatException($"not a valid {message.Descriptor.FullName}: {e.Message}", path, innerException: e);
        }
        return message;
    }

    /// <summary>The fields of one message, up to <paramref name="close"/> (or the end of the text for the outermost one).</summary>
    private static void ReadFields(TextTokenizer tokens, MessageDescriptor descriptor, WireWriter output, char? close, int depth)
    {
        var seen = new HashSet<int>();
        var oneofs = new Dictionary<OneofDescriptor, FieldDescriptor>();
        while (true)
        {
            if (close is { } c ? tokens.TryConsume(c) : tokens.Current.Kind == TextTokenKind.End)
            {
                return;
            }
            if (tokens.Current.Kind == TextTokenKind.End)
            {
                throw tokens.Unexpected($"'{close}' to close {descriptor.Name}");
            }
            if (tokens.TryConsume('['))
            {
                SkipBracketedName(tokens);
                SkipValue(tokens);
            }
            else
            {
                var nameToken = tokens.Current;
                if (nameToken.Kind != TextTokenKind.Identifier)
                {
                    throw tokens.Unexpected($"a field name of {descriptor.Name}");
                }
                tokens.Advance();
                var field = descriptor.FindFieldByName(tokens.TextOf(nameToken));
                if (field is null)
                {
                    SkipValue(tokens);
                }
                else
                {
                    CheckNotSetTwice(tokens, nameToken, field, seen, oneofs);
                    ReadField(tokens, field, output, depth);
                }
            }
            if (!tokens.TryConsume(';'))
            {
                tokens.TryConsume(',');
            }
        }
    }

    private static void ReadField(TextTokenizer tokens, FieldDescriptor field, WireWriter output, int depth)
    {
        if (field.FieldType == FieldType.Message)
        {
            tokens.TryConsume(':');
        }
        else
        {
            tokens.Expect(':', $"after field name '{field.Name}'");
        }
        if (!tokens.IsSymbol('['))
        {
            ReadValue(tokens, field, output, depth);
            return;
        }
        if (!field.IsRepeated)
        {
            throw tokens.Error(tokens.Current.Offset, $"field '{field.Name}' is not repeated and cannot take a [list]");
        }
        tokens.Advance();
        if (tokens.TryConsume(']'))
        {
            return;
        }
        do
        {
            ReadValue(tokens, field, output, depth);
        }
        while (tokens.TryConsume(','));
        tokens.Expect(']', $"to close the list of field '{field.Name}'");
    }

    private static void ReadValue(TextTokenizer tokens, FieldDescriptor field, WireWriter output, int depth)
    {
        if (field.FieldType != FieldType.Message)
        {
            TextScalarReader.Read(tokens, field, output);
            return;
        }
        var close = tokens.TryConsume('{') ? '}' : tokens.TryConsume('<') ? '>' : throw tokens.Unexpected($"'{{' or '<' to open field '{field.Name}'");
        if (depth >= MaxDepth)
        {
            throw tokens.Error(tokens.Current.Offset, $"messages are nested more than {MaxDepth} deep");
        }
        var body = new WireWriter();
        ReadFields(tokens, field.MessageType, body, close, depth + 1);
        output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteLengthDelimited(body.Written);
    }

    /// <summary>Protobuf's rule: a singular field, or two members of one oneof, may not both be given.</summary>
    private static void CheckNotSetTwice(TextTokenizer tokens, TextToken name, FieldDescriptor field, HashSet<int> seen, Dictionary<OneofDescriptor, FieldDescriptor> oneofs)
    {
        if (field.IsRepeated)
        {
            return;
        }
        if (!seen.Add(field.FieldNumber))
        {
            throw tokens.Error(name.Offset, $"field '{field.Name}' is not repeated but is given more than once");
        }
        if (field.RealContainingOneof is { } oneof)
        {
            if (oneofs.TryGetValue(oneof, out var other))
            {
                throw tokens.Error(name.Offset, $"fields '{other.Name}' and '{field.Name}' are both given, but only one member of oneof '{oneof.Name}' can be");
            }
            oneofs.Add(oneof, field);
        }
    }

    /// <summary>The name of an extension or an expanded Any, after its '[': dotted, maybe with a '/' type URL.</summary>
    private static void SkipBracketedName(TextTokenizer tokens)
    {
        while (!tokens.TryConsume(']'))
        {
            if (tokens.Current.Kind is not (TextTokenKind.Identifier or TextTokenKind.Symbol) || tokens.IsSymbol('{') || tokens.IsSymbol('['))
            {
                throw tokens.Unexpected("an extension or type name followed by ']'");
            }
            tokens.Advance();
        }
    }

    /// <summary>
    /// Skips the value of a field not declared here: a scalar after ':', or a message or list,
    /// however deeply nested (counted, not recursed, so nesting cannot exhaust the stack).
    /// </summary>
    private static void SkipValue(TextTokenizer tokens)
    {
        var colon = tokens.TryConsume(':');
        if (!tokens.IsSymbol('{') && !tokens.IsSymbol('<') && !tokens.IsSymbol('['))
        {
            if (!colon)
            {
                throw tokens.Unexpected("':' or '{' after a field name");
            }
            TextScalarReader.Skip(tokens);
            return;
        }
        var open = new Stack<char>();
        do
        {
            var token = tokens.Current;
            if (token.Kind == TextTokenKind.End)
            {
                throw tokens.Unexpected($"'{open.Peek()}'");
            }
            if (token.Kind == TextTokenKind.Symbol)
            {
                var symbol = tokens.TextOf(token)[0];
                var closer = symbol switch { '{' => '}', '<' => '>', '[' => ']', _ => '\0' };
                if (closer != '\0')
                {
                    open.Push(closer);
                }
                else if (symbol is '}' or '>' or ']')
                {
                    if (symbol != open.Peek())
                    {
                        throw tokens.Unexpected($"'{open.Peek()}'");
                    }
                    open.Pop();
                }
            }
            tokens.Advance();
        }
        while (open.Count > 0);
    }
}
