using System.Globalization;

namespace CheckpointGen.Contracts;

/// <summary>
/// The worker's command line (task writes, worker reads):
/// <c>[--design-time] [--embedded-warning-size BYTES] REQUEST... [--others REQUEST...]</c>. The
/// worker plans every item of each REQUEST file and writes the output index beside it
/// (<see cref="ItemLayout"/>); the requests after <c>--others</c> are the project's up-to-date
/// items, read only so that class names and the assembly's embedded size are checked across all items.
/// </summary>
internal sealed class WorkerCommandLine
{
    public const string DesignTimeSwitch = "--design-time";
    public const string EmbeddedWarningSizeSwitch = "--embedded-warning-size";
    public const string OthersSwitch = "--others";

    /// <summary>The default of <see cref="EmbeddedWarningSize"/>: 500 MiB.</summary>
    public const long DefaultEmbeddedWarningSize = 500L << 20;

    public WorkerCommandLine(bool designTime, long embeddedWarningSize, IReadOnlyList<string> requests, IReadOnlyList<string> others)
    {
        DesignTime = designTime;
        EmbeddedWarningSize = embeddedWarningSize;
        Requests = requests;
        Others = others;
    }

    /// <summary>Plan without packing weights or reading tensors (an IDE's design-time build).</summary>
    public bool DesignTime { get; }

    /// <summary>An Embedded item with more weights than this many bytes gets a warning.</summary>
    public long EmbeddedWarningSize { get; }

    /// <summary>The request files to plan.</summary>
    public IReadOnlyList<string> Requests { get; }

    /// <summary>The request files of the items that are up to date.</summary>
    public IReadOnlyList<string> Others { get; }

    public IEnumerable<string> ToArguments()
    {
        if (DesignTime)
        {
            yield return DesignTimeSwitch;
        }
        yield return EmbeddedWarningSizeSwitch;
        yield return EmbeddedWarningSize.ToString(CultureInfo.InvariantCulture);
        foreach (var request in Requests)
        {
            yield return request;
        }
        if (Others.Count > 0)
        {
            yield return OthersSwitch;
            foreach (var other in Others)
            {
                yield return other;
            }
        }
    }

    /// <summary>The command line, or null when it is not one (no request, an unknown switch, a bad size).</summary>
    public static WorkerCommandLine? Parse(IReadOnlyList<string> args)
    {
        var designTime = false;
        var warningSize = DefaultEmbeddedWarningSize;
        var i = 0;
        for (; i < args.Count && args[i].StartsWith("--", StringComparison.Ordinal) && args[i] != OthersSwitch; i++)
        {
            if (args[i] == DesignTimeSwitch)
            {
                designTime = true;
            }
            else if (args[i] == EmbeddedWarningSizeSwitch && i + 1 < args.Count
                && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out warningSize))
            {
                i++;
            }
            else
            {
                return null;
            }
        }
        var rest = args.Skip(i).ToList();
        var split = rest.IndexOf(OthersSwitch);
        var requests = split < 0 ? rest : rest.Take(split).ToList();
        var others = split < 0 ? new List<string>() : rest.Skip(split + 1).ToList();
        return requests.Count == 0 || requests.Concat(others).Any(a => a.StartsWith("--", StringComparison.Ordinal))
            ? null
            : new WorkerCommandLine(designTime, warningSize, requests, others);
    }
}
