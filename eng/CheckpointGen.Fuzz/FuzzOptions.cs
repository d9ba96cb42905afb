using System.Globalization;

namespace CheckpointGen.Fuzz;

/// <summary>Command line: <c>[--target reader|graph] [--seconds N] [--seed S] [--mutant M] [--out DIR] [--timeout SECONDS]</c>.</summary>
internal sealed record FuzzOptions(string Target, int Seconds, int Seed, int? Mutant, string OutputDirectory, int TimeoutSeconds)
{
    public const string Usage = "usage: fuzz [--target reader|graph] [--seconds N] [--seed S] [--mutant M] [--out DIR] [--timeout SECONDS]";

    /// <summary>The targets by name: the checkpoint reader, and the planner with its graph compiler.</summary>
    public static IReadOnlyDictionary<string, Func<IFuzzTarget>> Targets { get; } = new Dictionary<string, Func<IFuzzTarget>>
    {
        ["reader"] = () => new ReaderTarget(),
        ["graph"] = () => new GraphTarget(),
    };

    public static FuzzOptions Parse(string[] args, string defaultOutput)
    {
        var options = new FuzzOptions("reader", 60, Environment.TickCount & int.MaxValue, null, defaultOutput, 30);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--target" => Targets.ContainsKey(value) ? options with { Target = value } : throw new ArgumentException($"unknown target '{value}'. {Usage}"),
                "--seconds" => options with { Seconds = Number(value) },
                "--seed" => options with { Seed = Number(value) },
                "--mutant" => options with { Mutant = Number(value) },
                "--out" => options with { OutputDirectory = Path.GetFullPath(value) },
                "--timeout" => options with { TimeoutSeconds = Number(value) },
                _ => throw new ArgumentException($"unknown option {args[i]}. {Usage}"),
            };
            i++;
        }
        return options;
    }

    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new ArgumentException($"'{text}' is not a non-negative integer. {Usage}");
}
