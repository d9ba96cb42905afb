namespace CheckpointGen.Runtime.TextFormat;

/// <summary>The kinds of token in protobuf text format.</summary>
internal enum TextTokenKind
{
    /// <summary>The end of the text.</summary>
    End,

    /// <summary>A name: <c>[A-Za-z_][A-Za-z0-9_]*</c> (field names, enum values, <c>true</c>, <c>inf</c>).</summary>
    Identifier,

    /// <summary>A decimal, hexadecimal (<c>0x1F</c>) or octal (<c>017</c>) integer, without sign.</summary>
    Integer,

    /// <summary>A number with a fraction, an exponent or an <c>f</c> suffix, without sign.</summary>
    Float,

    /// <summary>A quoted string; its unescaped bytes are in <see cref="TextToken.Bytes"/>.</summary>
    String,

    /// <summary>One punctuation character: <c>{ } &lt; &gt; : [ ] , ; - . /</c>.</summary>
    Symbol,
}

/// <summary>One token: where it is in the text and, for strings, the bytes it stands for.</summary>
/// <param name="Kind">What kind of token it is.</param>
/// <param name="Offset">The character offset of the token's first character.</param>
/// <param name="Length">The token's length in characters, quotes included.</param>
/// <param name="Bytes">The unescaped value of a string token; null for other kinds.</param>
internal readonly record struct TextToken(TextTokenKind Kind, int Offset, int Length, byte[]? Bytes = null);
