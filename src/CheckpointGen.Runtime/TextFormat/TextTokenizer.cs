using System.Globalization;

namespace CheckpointGen.Runtime.TextFormat;

/// <summary>
/// Splits protobuf text format into tokens, the way protobuf's own tokenizer does: <c>#</c>
/// comments, identifiers, unsigned numbers (the sign is a separate <c>-</c> symbol), strings in
/// single or double quotes with C escapes, and single-character punctuation.
/// </summary>
internal sealed class TextTokenizer
{
    private const string Symbols = "{}<>:[],;-./";

    private readonly string _text;
    private readonly string _path;
    private int _position;

    public TextTokenizer(string text, string path)
    {
        _text = text;
        _path = path;
        Advance();
    }

    /// <summary>The token under the cursor; <see cref="TextTokenKind.End"/> once the text is used up.</summary>
    public TextToken Current { get; private set; }

    /// <summary>The source text of a token.</summary>
    public string TextOf(TextToken token) => _text.Substring(token.Offset, token.Length);

    /// <summary>Whether the current token is the punctuation <paramref name="symbol"/>.</summary>
    public bool IsSymbol(char symbol) => Current.Kind == TextTokenKind.Symbol && _text[Current.Offset] == symbol;

    /// <summary>Consumes the current token if it is <paramref name="symbol"/>.</summary>
    public bool TryConsume(char symbol)
    {
        if (!IsSymbol(symbol))
        {
            return false;
        }
        Advance();
        return true;
    }

    /// <summary>Consumes <paramref name="symbol"/> or fails saying what was found instead.</summary>
    public void Expect(char symbol, string context)
    {
        if (!TryConsume(symbol))
        {
            throw Unexpected($"'{symbol}' {context}");
        }
    }

    /// <summary>How the current token reads in an error message (long strings cut short).</summary>
    public string Describe()
    {
        if (Current.Kind == TextTokenKind.End)
        {
            return "the end of the text";
        }
        var text = TextOf(Current);
        return "'" + (text.Length > 40 ? text.Substring(0, 40) + "…" : text) + "'";
    }

    /// <summary>An error at the current token: expected <paramref name="expected"/>, found it.</summary>
    public CheckpointFormatException Unexpected(string expected) => Error(Current.Offset, $"expected {expected}, found {Describe()}");

    /// <summary>An error at a character offset, with its line and column in the message.</summary>
    public CheckpointFormatException Error(int offset, string message)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < _text.Length; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        var column = offset - lineStart + 1;
        return new CheckpointFormatException(
            $"line {line.ToString(CultureInfo.InvariantCulture)}:{column.ToString(CultureInfo.InvariantCulture)}: {message}", _path, offset);
    }

    /// <summary>Moves to the next token.</summary>
    public void Advance()
    {
        SkipSpaceAndComments();
        if (_position >= _text.Length)
        {
            Current = new TextToken(TextTokenKind.End, _text.Length, 0);
            return;
        }
        var start = _position;
        var c = _text[start];
        if (IsLetter(c))
        {
            while (_position < _text.Length && (IsLetter(_text[_position]) || IsDigit(_text[_position])))
            {
                _position++;
            }
            Current = new TextToken(TextTokenKind.Identifier, start, _position - start);
        }
        else if (IsDigit(c) || (c == '.' && start + 1 < _text.Length && IsDigit(_text[start + 1])))
        {
            Current = ReadNumber(start);
        }
        else if (c is '"' or '\'')
        {
            var bytes = TextEscapes.ReadQuoted(_text, ref _position, this);
            Current = new TextToken(TextTokenKind.String, start, _position - start, bytes);
        }
        else if (Symbols.IndexOf(c) >= 0)
        {
            _position++;
            Current = new TextToken(TextTokenKind.Symbol, start, 1);
        }
        else
        {
            throw Error(start, $"unexpected character '{c}' (U+{(int)c:X4})");
        }
    }

    private TextToken ReadNumber(int start)
    {
        var kind = TextTokenKind.Integer;
        if (_text[_position] == '0' && _position + 1 < _text.Length && _text[_position + 1] is 'x' or 'X')
        {
            _position += 2;
            var digits = _position;
            while (_position < _text.Length && Uri.IsHexDigit(_text[_position]))
            {
                _position++;
            }
            if (_position == digits)
            {
                throw Error(start, "'0x' must be followed by hexadecimal digits");
            }
        }
        else
        {
            SkipDigits();
            if (_position < _text.Length && _text[_position] == '.')
            {
                kind = TextTokenKind.Float;
                _position++;
                SkipDigits();
            }
            if (_position < _text.Length && _text[_position] is 'e' or 'E')
            {
                kind = TextTokenKind.Float;
                _position++;
                if (_position < _text.Length && _text[_position] is '+' or '-')
                {
                    _position++;
                }
                var digits = _position;
                SkipDigits();
                if (_position == digits)
                {
                    throw Error(start, "an exponent must have digits");
                }
            }
            if (_position < _text.Length && _text[_position] is 'f' or 'F')
            {
                kind = TextTokenKind.Float;
                _position++;
            }
        }
        if (_position < _text.Length && (IsLetter(_text[_position]) || IsDigit(_text[_position]) || _text[_position] == '.'))
        {
            throw Error(start, $"malformed number '{_text.Substring(start, _position - start + 1)}'");
        }
        return new TextToken(kind, start, _position - start);
    }

    private void SkipDigits()
    {
        while (_position < _text.Length && IsDigit(_text[_position]))
        {
            _position++;
        }
    }

    private void SkipSpaceAndComments()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '#')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';
}
