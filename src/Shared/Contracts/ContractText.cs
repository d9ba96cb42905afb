using System.Globalization;
using System.Text;

namespace CheckpointGen.Contracts;

/// <summary>
/// The one text encoding of every file CheckpointGen's processes hand each other (request, plan,
/// output index): a first line <c>NAME\tVERSION</c>, then one record per line, tab-separated
/// fields, backslash escapes for tab, newline, carriage return and backslash. Text so a user can
/// read what the build saw; one codec so the writer and the reader of each format cannot drift.
/// </summary>
internal static class ContractText
{
    /// <summary>Starts a file of format <paramref name="name"/>, version <paramref name="version"/>.</summary>
    public static StringBuilder Begin(string name, int version)
    {
        var sb = new StringBuilder();
        Record(sb, name, Number(version));
        return sb;
    }

    /// <summary>Appends one record.</summary>
    public static void Record(StringBuilder sb, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('\t');
            }
            Escape(sb, fields[i]);
        }
        sb.Append('\n');
    }

    /// <summary>
    /// The records of <paramref name="text"/> after checking its header.
    /// </summary>
    /// <exception cref="ContractFormatException">The text is not format <paramref name="name"/> version <paramref name="version"/>.</exception>
    public static IReadOnlyList<ContractRecord> Read(string text, string source, string name, int version)
    {
        var lines = text.Split('\n');
        var header = lines[0].TrimEnd('\r').Split('\t');
        if (header.Length != 2 || header[0] != name || header[1] != Number(version))
        {
            throw new ContractFormatException(source, 1, $"expected the header '{name}<TAB>{Number(version)}', found '{Shorten(lines[0])}'");
        }
        var records = new List<ContractRecord>(lines.Length);
        for (var n = 1; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            if (line.Length == 0)
            {
                // Only the final newline may leave an empty line.
                if (n != lines.Length - 1)
                {
                    throw new ContractFormatException(source, n + 1, "an empty line");
                }
                continue;
            }
            var fields = line.Split('\t');
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = Unescape(fields[i], source, n + 1);
            }
            records.Add(new ContractRecord(source, n + 1, fields));
        }
        return records;
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Integers as one comma-separated field, read back by <see cref="ContractRecord.Longs"/>.</summary>
    public static string Numbers(IEnumerable<long> values) => string.Join(",", values.Select(Number));

    public static string Bool(bool value) => value ? "true" : "false";

    private static string Shorten(string text) => text.Length > 60 ? text.Substring(0, 60) + "…" : text;

    private static void Escape(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
    }

    private static string Unescape(string value, string source, int line)
    {
        if (value.IndexOf('\\') < 0)
        {
            return value;
        }
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (++i == value.Length)
            {
                throw new ContractFormatException(source, line, "a field ends with a lone backslash");
            }
            sb.Append(value[i] switch
            {
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                '\\' => '\\',
                var other => throw new ContractFormatException(source, line, $"unknown escape '\\{other}'"),
            });
        }
        return sb.ToString();
    }
}

/// <summary>One line of a contract file: its kind (the first field) and the fields after it.</summary>
internal readonly struct ContractRecord
{
    private readonly string[] _fields;

    public ContractRecord(string source, int line, string[] fields)
    {
        Source = source;
        Line = line;
        _fields = fields;
    }

    public string Source { get; }

    public int Line { get; }

    public string Kind => _fields[0];

    /// <summary>Field <paramref name="index"/> after the kind (0-based).</summary>
    public string this[int index] => _fields[index + 1];

    /// <summary>Checks the record has exactly <paramref name="count"/> fields after its kind.</summary>
    /// <exception cref="ContractFormatException">It has another number.</exception>
    public ContractRecord Expect(int count)
    {
        if (_fields.Length - 1 != count)
        {
            throw Error($"'{Kind}' needs {count} field(s) after it, found {_fields.Length - 1}");
        }
        return this;
    }

    public long Long(int index) =>
        long.TryParse(this[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw Error($"field {index + 1} of '{Kind}' must be an integer, found '{this[index]}'");

    public int Int(int index)
    {
        var v = Long(index);
        return v is >= int.MinValue and <= int.MaxValue ? (int)v : throw Error($"field {index + 1} of '{Kind}' is out of range: {v}");
    }

    public bool Bool(int index) => this[index] switch
    {
        "true" => true,
        "false" => false,
        var other => throw Error($"field {index + 1} of '{Kind}' must be true or false, found '{other}'"),
    };

    /// <summary>A comma-separated list of integers; empty for none.</summary>
    public long[] Longs(int index)
    {
        var text = this[index];
        if (text.Length == 0)
        {
            return Array.Empty<long>();
        }
        var parts = text.Split(',');
        var values = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]))
            {
                throw Error($"field {index + 1} of '{Kind}' must be comma-separated integers, found '{text}'");
            }
        }
        return values;
    }

    public ContractFormatException Error(string message) => new(Source, Line, message);
}

/// <summary>A contract file that is not what its reader expects: the file, the line and what was expected.</summary>
internal sealed class ContractFormatException : Exception
{
    public ContractFormatException(string source, int line, string message)
        : base($"{source}({line.ToString(CultureInfo.InvariantCulture)}): {message}")
    {
        File = source;
        Line = line;
        Reason = message;
    }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>The 1-based line.</summary>
    public int Line { get; }

    /// <summary>What was wrong, without the location.</summary>
    public string Reason { get; }
}
