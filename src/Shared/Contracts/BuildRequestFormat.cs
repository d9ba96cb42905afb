using System.Text;

namespace CheckpointGen.Contracts;

/// <summary>
/// The request file (task writes, worker reads). Per item: an <c>item</c> record with the
/// ItemSpec, then one record per field, each exactly once:
/// <c>full-path</c>, <c>project-file</c>, <c>project-dir</c>, <c>output-dir</c>, <c>root-namespace</c>,
/// and <c>metadata NAME VALUE</c> for each of <see cref="ItemMetadata.Names"/>.
/// </summary>
internal static class BuildRequestFormat
{
    public const string Name = "checkpointgen-request";
    public const int Version = 1;

    private static readonly string[] Fields = { "full-path", "project-file", "project-dir", "output-dir", "root-namespace" };

    /// <summary>The fields that are paths, checked as they are read so a damaged one is this file's error, not an I/O failure later.</summary>
    private static readonly string[] Paths = { "full-path", "project-file", "project-dir", "output-dir" };

    public static string Write(IEnumerable<BuildRequest> requests)
    {
        var sb = ContractText.Begin(Name, Version);
        foreach (var r in requests)
        {
            ContractText.Record(sb, "item", r.ItemSpec);
            ContractText.Record(sb, "full-path", r.FullPath);
            ContractText.Record(sb, "project-file", r.ProjectFile);
            ContractText.Record(sb, "project-dir", r.ProjectDirectory);
            ContractText.Record(sb, "output-dir", r.OutputDirectory);
            ContractText.Record(sb, "root-namespace", r.RootNamespace);
            var values = r.Metadata.Values();
            for (var i = 0; i < values.Length; i++)
            {
                ContractText.Record(sb, "metadata", ItemMetadata.Names[i], values[i]);
            }
        }
        return sb.ToString();
    }

    /// <exception cref="ContractFormatException">The text is not a complete request of this version.</exception>
    public static IReadOnlyList<BuildRequest> Read(string text, string source)
    {
        var requests = new List<BuildRequest>();
        Pending? item = null;
        foreach (var record in ContractText.Read(text, source, Name, Version))
        {
            if (record.Kind == "item")
            {
                record.Expect(1);
                if (item is not null)
                {
                    requests.Add(item.Complete());
                }
                item = new Pending(record);
                continue;
            }
            if (item is null)
            {
                throw record.Error($"'{record.Kind}' before the first 'item'");
            }
            if (record.Kind == "metadata")
            {
                record.Expect(2);
                item.Set(record, "metadata " + record[0], Array.IndexOf(ItemMetadata.Names, record[0]) >= 0, record[1]);
            }
            else
            {
                record.Expect(1);
                item.Set(record, record.Kind, Array.IndexOf(Fields, record.Kind) >= 0, record[0]);
            }
        }
        if (item is not null)
        {
            requests.Add(item.Complete());
        }
        return requests;
    }

    /// <summary>An item being read: its fields so far, each allowed once.</summary>
    private sealed class Pending
    {
        private readonly ContractRecord _item;
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public Pending(ContractRecord item) => _item = item;

        private string ItemSpec => _item[0];

        public void Set(ContractRecord record, string key, bool known, string value)
        {
            if (!known)
            {
                throw record.Error($"unknown field '{key}'");
            }
            if (_values.ContainsKey(key))
            {
                throw record.Error($"'{key}' given twice for item '{ItemSpec}'");
            }
            if (Array.IndexOf(Paths, key) >= 0 && value.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                throw record.Error($"'{key}' of item '{ItemSpec}' has a character no path may hold");
            }
            _values[key] = value;
        }

        /// <summary>The request, once every field is there.</summary>
        /// <exception cref="ContractFormatException">A field is missing; the error points at the item's line.</exception>
        public BuildRequest Complete()
        {
            var missing = Fields.Concat(ItemMetadata.Names.Select(n => "metadata " + n)).FirstOrDefault(k => !_values.ContainsKey(k));
            if (missing is not null)
            {
                throw _item.Error($"item '{ItemSpec}' has no '{missing}'");
            }
            return new BuildRequest(
                ItemSpec, _values["full-path"], _values["project-file"], _values["project-dir"], _values["output-dir"], _values["root-namespace"],
                ItemMetadata.FromValues(ItemMetadata.Names.Select(n => _values["metadata " + n]).ToArray()));
        }
    }
}
