namespace CheckpointGen.Contracts;

/// <summary>
/// What the worker produced and read (worker writes, task reads on every build, no-op ones too,
/// to add items and to know the next build's inputs). Records: <c>plan PATH</c>,
/// <c>resource PATH LOGICALNAME</c>, <c>copy SOURCE TARGETPATH</c>, <c>input PATH</c>.
/// </summary>
internal sealed class OutputIndex
{
    public const string Name = "checkpointgen-outputs";
    public const int Version = 1;

    public List<string> Plans { get; } = new();

    public List<(string Path, string LogicalName)> Resources { get; } = new();

    public List<(string Source, string TargetPath)> Copies { get; } = new();

    public List<string> Inputs { get; } = new();

    public string Write()
    {
        var sb = ContractText.Begin(Name, Version);
        Plans.ForEach(p => ContractText.Record(sb, "plan", p));
        Resources.ForEach(r => ContractText.Record(sb, "resource", r.Path, r.LogicalName));
        Copies.ForEach(c => ContractText.Record(sb, "copy", c.Source, c.TargetPath));
        Inputs.ForEach(i => ContractText.Record(sb, "input", i));
        return sb.ToString();
    }

    /// <exception cref="ContractFormatException">The text is not an output index of this version.</exception>
    public static OutputIndex Read(string text, string source)
    {
        var index = new OutputIndex();
        foreach (var r in ContractText.Read(text, source, Name, Version))
        {
            switch (r.Kind)
            {
                case "plan":
                    index.Plans.Add(r.Expect(1)[0]);
                    break;
                case "resource":
                    r.Expect(2);
                    index.Resources.Add((r[0], r[1]));
                    break;
                case "copy":
                    r.Expect(2);
                    index.Copies.Add((r[0], r[1]));
                    break;
                case "input":
                    index.Inputs.Add(r.Expect(1)[0]);
                    break;
                default:
                    throw r.Error($"unknown record '{r.Kind}'; expected plan, resource, copy or input");
            }
        }
        return index;
    }
}
