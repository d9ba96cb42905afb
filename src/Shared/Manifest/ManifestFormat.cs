using System.Globalization;
using System.Text;

namespace CheckpointGen.Manifest;

/// <summary>
/// The manifest's text form: one record per line, tab-separated fields, backslash escapes for
/// tab, newline, carriage return and backslash. Text rather than binary so that a user can read
/// what the build saw, and so the generator stays free of binary parsing.
/// </summary>
internal static class ManifestFormat
{
    public const string Header = "checkpointgen-manifest";
    public const int Version = 1;

    public static string Write(CheckpointManifest m)
    {
        var sb = new StringBuilder();
        Line(sb, Header, Version.ToString(CultureInfo.InvariantCulture));
        Line(sb, "class", m.ClassName);
        Line(sb, "namespace", m.Namespace);
        Line(sb, "access", m.Access);
        Line(sb, "mode", m.Mode);
        Line(sb, "source", m.Source);
        Line(sb, "resource", m.ResourceName);
        Line(sb, "lazy-path", m.LazyPath);
        Line(sb, "fingerprint", m.Fingerprint);
        foreach (var t in m.Tensors)
        {
            Line(sb, "tensor", t.Name, t.VariableName, t.DType, Dims(t.Shape), t.Kind, Num(t.Offset), Num(t.ByteLength));
        }
        foreach (var s in m.Signatures)
        {
            Line(sb, "signature", s.Key, s.MethodName);
            foreach (var i in s.Inputs)
            {
                Line(sb, "input", s.Key, i.Key, i.TensorName, i.DType, i.UnknownRank ? "?" : Dims(i.Shape));
            }
            foreach (var o in s.Outputs)
            {
                Line(sb, "output", s.Key, o.Key, o.TensorName, o.DType, o.UnknownRank ? "?" : Dims(o.Shape));
            }
        }
        return sb.ToString();
    }

    /// <summary>Parses a manifest; returns null and an error message (with the line number) when it is not one.</summary>
    public static CheckpointManifest? Read(string text, out string? error)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new List<ManifestTensor>();
        var signatures = new List<(string Key, string Method, List<ManifestTensorInfo> Inputs, List<ManifestTensorInfo> Outputs)>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var parts = line.Split('\t').Select(Unescape).ToArray();
            if (n == 0)
            {
                if (parts[0] != Header || parts.Length < 2 || parts[1] != Version.ToString(CultureInfo.InvariantCulture))
                {
                    error = $"line 1: expected '{Header}\\t{Version}'";
                    return null;
                }
                continue;
            }
            try
            {
                switch (parts[0])
                {
                    case "tensor":
                        Expect(parts, 8);
                        tensors.Add(new ManifestTensor(parts[1], parts[2], parts[3], ParseDims(parts[4]), parts[5], ParseNum(parts[6]), ParseNum(parts[7])));
                        break;
                    case "signature":
                        Expect(parts, 3);
                        signatures.Add((parts[1], parts[2], new List<ManifestTensorInfo>(), new List<ManifestTensorInfo>()));
                        break;
                    case "input":
                    case "output":
                        Expect(parts, 6);
                        var owner = signatures.FindLast(s => s.Key == parts[1]);
                        if (owner.Key is null)
                        {
                            throw new FormatException($"{parts[0]} for undeclared signature '{parts[1]}'");
                        }
                        var info = new ManifestTensorInfo(parts[2], parts[3], parts[4], parts[5] == "?" ? EquatableArray<long>.Empty : ParseDims(parts[5]), parts[5] == "?");
                        (parts[0] == "input" ? owner.Inputs : owner.Outputs).Add(info);
                        break;
                    default:
                        Expect(parts, 2);
                        fields[parts[0]] = parts[1];
                        break;
                }
            }
            catch (FormatException e)
            {
                error = $"line {n + 1}: {e.Message}";
                return null;
            }
        }
        string Field(string key) => fields.TryGetValue(key, out var v) ? v : string.Empty;
        if (Field("class").Length == 0 || (Field("mode") != CheckpointManifest.EmbeddedMode && Field("mode") != CheckpointManifest.LazyMode))
        {
            error = "missing class or mode";
            return null;
        }
        error = null;
        return new CheckpointManifest(
            Field("class"), Field("namespace"), Field("access"), Field("mode"), Field("source"), Field("resource"), Field("lazy-path"), Field("fingerprint"),
            new EquatableArray<ManifestTensor>(tensors.ToArray()),
            new EquatableArray<ManifestSignature>(signatures.Select(s => new ManifestSignature(
                s.Key, s.Method, new EquatableArray<ManifestTensorInfo>(s.Inputs.ToArray()), new EquatableArray<ManifestTensorInfo>(s.Outputs.ToArray()))).ToArray()));
    }

    private static void Expect(string[] parts, int count)
    {
        if (parts.Length != count)
        {
            throw new FormatException($"'{parts[0]}' needs {count - 1} fields, found {parts.Length - 1}");
        }
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long ParseNum(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"'{text}' is not an integer");

    private static string Dims(EquatableArray<long> shape) => string.Join(",", shape.Select(Num));

    private static EquatableArray<long> ParseDims(string text) =>
        new(text.Length == 0 ? Array.Empty<long>() : text.Split(',').Select(ParseNum).ToArray());

    private static void Line(StringBuilder sb, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('\t');
            }
            sb.Append(Escape(fields[i]));
        }
        sb.Append('\n');
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string value)
    {
        if (value.IndexOf('\\') < 0)
        {
            return value;
        }
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                sb.Append(next switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => next });
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
