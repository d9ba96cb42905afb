using System.Text;
using CheckpointGen.Runtime.TextFormat;

namespace CheckpointGen.Runtime.Tests.TextFormat;

public sealed class TextTokenizerTests
{
    [Fact]
    public void Splits_identifiers_numbers_strings_and_punctuation_and_skips_comments()
    {
        var tokens = All("node { name: \"a\" # comment { not a token\n  f: -1.5e3f i: 0x1F o: 017 d: .5 } [x.y/z] <a; b,>");

        Assert.Equal(
            new[]
            {
                "Identifier node", "Symbol {", "Identifier name", "Symbol :", "String \"a\"",
                "Identifier f", "Symbol :", "Symbol -", "Float 1.5e3f", "Identifier i", "Symbol :", "Integer 0x1F",
                "Identifier o", "Symbol :", "Integer 017", "Identifier d", "Symbol :", "Float .5", "Symbol }",
                "Symbol [", "Identifier x", "Symbol .", "Identifier y", "Symbol /", "Identifier z", "Symbol ]",
                "Symbol <", "Identifier a", "Symbol ;", "Identifier b", "Symbol ,", "Symbol >",
            },
            tokens);
    }

    [Theory]
    [InlineData(@"'\101\x41\n\t\r\a\b\f\v\\\?\'\""'", new byte[] { 0x41, 0x41, 10, 9, 13, 7, 8, 12, 11, 0x5c, 0x3f, 0x27, 0x22 })]
    [InlineData(@"""\0\00\377\x0\xff""", new byte[] { 0, 0, 0xff, 0, 0xff })]
    [InlineData(@"""\1234""", new byte[] { 0x53, 0x34 })]
    [InlineData(@"""\u00e9\U0001F600""", new byte[] { 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80 })]
    [InlineData(@"""\ud83d\ude00""", new byte[] { 0xf0, 0x9f, 0x98, 0x80 })]
    [InlineData("\"é\"", new byte[] { 0xc3, 0xa9 })]
    [InlineData("'say \"hi\"'", new byte[] { 0x73, 0x61, 0x79, 0x20, 0x22, 0x68, 0x69, 0x22 })]
    public void Strings_unescape_to_bytes(string literal, byte[] expected)
    {
        var tokenizer = new TextTokenizer(literal, "t.pbtxt");

        Assert.Equal(TextTokenKind.String, tokenizer.Current.Kind);
        Assert.Equal(expected, tokenizer.Current.Bytes);
        tokenizer.Advance();
        Assert.Equal(TextTokenKind.End, tokenizer.Current.Kind);
    }

    [Theory]
    [InlineData("a: \"abc", 3, "line 1:4", "unterminated string")]
    [InlineData("a:\n 'ab\ncd'", 4, "line 2:2", "unterminated string")]
    [InlineData("a: \"\\400\"", 4, "line 1:5", "exceeds one byte")]
    [InlineData("a: \"\\q\"", 4, "line 1:5", "unknown escape")]
    [InlineData("a: \"\\xg\"", 4, "line 1:5", "hexadecimal digits")]
    [InlineData("a: \"\\u12\"", 4, "line 1:5", "exactly 4")]
    [InlineData("a: \"\\udc00\"", 4, "line 1:5", "not a Unicode scalar value")]
    [InlineData("a: 12abc", 3, "line 1:4", "malformed number")]
    [InlineData("a: 1e", 3, "line 1:4", "exponent")]
    [InlineData("a: 0x", 3, "line 1:4", "hexadecimal digits")]
    [InlineData("\n\n  a: @", 7, "line 3:6", "unexpected character '@'")]
    public void Errors_name_the_file_offset_line_and_column(string text, int offset, string position, string reason) =>
        TextFormatAssert.FailsAt(() => All(text), "bad.pbtxt", offset, position, reason);

    [Fact]
    public void Escape_writes_what_the_tokenizer_reads_back()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(Encoding.UTF8.GetBytes("model.ckpt-1 ü \"q\" 'a' \\")).ToArray();
        var escaped = TextEscapes.Escape(bytes);

        Assert.All(escaped, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(bytes, new TextTokenizer("\"" + escaped + "\"", "t").Current.Bytes);
        Assert.Equal(@"a\n\t\r\""\'\\\001\177\303\274", TextEscapes.Escape(Encoding.UTF8.GetBytes("a\n\t\r\"'\\\u0001\u007fü")));
    }

    private static List<string> All(string text)
    {
        var tokenizer = new TextTokenizer(text, "bad.pbtxt");
        var tokens = new List<string>();
        while (tokenizer.Current.Kind != TextTokenKind.End)
        {
            tokens.Add(tokenizer.Current.Kind + " " + tokenizer.TextOf(tokenizer.Current));
            tokenizer.Advance();
        }
        return tokens;
    }
}
