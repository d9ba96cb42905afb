using System.Globalization;
using System.Text.RegularExpressions;

namespace CheckpointGen.Tests;

/// <summary>
/// One line of fixtures-expected/*.tsv: what an independent LevelDB-based reader found for a
/// tensor (name, dtype, shape, shard, offset, size, CRC status, slices, value statistics).
/// </summary>
internal sealed record ExpectedTensor(
    string Name, string DType, long[] Shape, int Shard, long Offset, long Size, string CrcStatus, int Slices,
    double? Sum, double? Min, double? Max, double[] First, int? Strings, long[]? StringBytes)
{
    /// <summary>False when the reference reader could not read the data (its shard is missing).</summary>
    public bool HasData => CrcStatus != "-";
}

internal sealed record ExpectedListing(string Prefix, int NumShards, IReadOnlyList<ExpectedTensor> Tensors)
{
    /// <summary>Every listing: TSV name ("a~b~c") maps to the prefix a/b/c under fixtures/.</summary>
    public static IEnumerable<ExpectedListing> All() =>
        Directory.GetFiles(FixturePaths.ExpectedRoot, "*.tsv").OrderBy(f => f, StringComparer.Ordinal).Select(Load);

    public static ExpectedListing Load(string tsv)
    {
        var prefix = Path.Combine(FixturePaths.Root, Path.GetFileNameWithoutExtension(tsv).Replace('~', Path.DirectorySeparatorChar));
        var lines = File.ReadAllLines(tsv);
        var header = lines[0].Split(' ', '\t').Single(p => p.StartsWith("num_shards=", StringComparison.Ordinal));
        var tensors = lines.Skip(1).Where(l => l.Length > 0).Select(ParseLine).ToList();
        return new ExpectedListing(prefix, int.Parse(header.Substring(11), CultureInfo.InvariantCulture), tensors);
    }

    public override string ToString() => Path.GetRelativePath(FixturePaths.Root, Prefix);

    private static ExpectedTensor ParseLine(string line)
    {
        var cols = line.Split('\t');
        var shape = cols[2].Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var fields = cols.Skip(3).Take(5).Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        // The statistics column is "key=value" pairs; "first=" lists up to three values and
        // "bytes=" a bracketed list, both with spaces inside.
        foreach (Match m in Regex.Matches(cols.Length > 8 ? cols[8] : string.Empty, @"(\w+)=(\[[^\]]*\]|[^ =]+(?: [^ =]+)*(?= \w+=|$))"))
        {
            fields[m.Groups[1].Value] = m.Groups[2].Value;
        }
        double? D(string k) => fields.TryGetValue(k, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
        return new ExpectedTensor(
            cols[0], cols[1], shape,
            int.Parse(fields["shard"], CultureInfo.InvariantCulture),
            long.Parse(fields["offset"], CultureInfo.InvariantCulture),
            long.Parse(fields["size"], CultureInfo.InvariantCulture),
            cols[6],
            int.Parse(fields["slices"], CultureInfo.InvariantCulture),
            D("sum"), D("min"), D("max"),
            fields.TryGetValue("first", out var first) ? first.Split(' ').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray() : Array.Empty<double>(),
            fields.TryGetValue("strings", out var n) ? int.Parse(n, CultureInfo.InvariantCulture) : null,
            fields.TryGetValue("bytes", out var b) ? b.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => long.Parse(x.Trim(), CultureInfo.InvariantCulture)).ToArray() : null);
    }
}
