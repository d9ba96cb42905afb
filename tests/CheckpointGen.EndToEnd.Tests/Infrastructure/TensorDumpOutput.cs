using System.Globalization;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>One tensor as a consumer application printed it; Sum and First are null for strings.</summary>
internal sealed record DumpedTensor(string Name, string DType, long Count, double? Sum, double? First);

/// <summary>One generated class as a consumer application printed it.</summary>
internal sealed record DumpedModel(string Name, bool IsMapped, string Location, IReadOnlyList<DumpedTensor> Tensors)
{
    public IEnumerable<string> Names => Tensors.Select(t => t.Name);
}

/// <summary>What Consumers/TensorDump.cs printed: per class, where its tensors live and each tensor's statistics.</summary>
internal sealed class TensorDumpOutput
{
    private readonly Dictionary<string, DumpedModel> _models;

    private TensorDumpOutput(Dictionary<string, DumpedModel> models, string text)
    {
        _models = models;
        Text = text;
    }

    public string Text { get; }

    public DumpedModel this[string name] =>
        _models.TryGetValue(name, out var model) ? model : throw new Xunit.Sdk.XunitException($"The application printed nothing for {name}:\n{Text}");

    public static TensorDumpOutput Parse(ProcessResult run)
    {
        var storage = new Dictionary<string, (bool Mapped, string Location)>();
        var tensors = new Dictionary<string, List<DumpedTensor>>();
        foreach (var fields in run.OutputLines.Select(l => l.Split('\t')))
        {
            switch (fields[0])
            {
                case "storage" when fields.Length == 4:
                    storage[fields[1]] = (fields[2] == "mapped", fields[3]);
                    tensors[fields[1]] = new List<DumpedTensor>();
                    break;
                case "tensor" when fields.Length == 7:
                    tensors[fields[1]].Add(new DumpedTensor(fields[2], fields[3], long.Parse(fields[4], CultureInfo.InvariantCulture), Number(fields[5]), Number(fields[6])));
                    break;
            }
        }
        var models = storage.ToDictionary(s => s.Key, s => new DumpedModel(s.Key, s.Value.Mapped, s.Value.Location, tensors[s.Key]));
        return new TensorDumpOutput(models, run.Output);
    }

    private static double? Number(string field) => field == "-" ? null : double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);
}
