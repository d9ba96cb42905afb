using System.CommandLine;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Commands;
using CheckpointGen.Planning.Selection;

namespace CheckpointGen.Tool.Selection;

/// <summary>
/// <c>--keep</c>, <c>--include</c> and <c>--exclude</c>, as <c>prune</c> and <c>generate</c>
/// take them, with the meaning of the build's <c>Keep</c>, <c>Include</c> and
/// <c>Exclude</c> item metadata (the same <see cref="VariableFilter"/> decides).
/// </summary>
internal sealed class VariableFilterOptions
{
    public VariableFilterOptions()
    {
        Keep.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, Enum.GetNames<KeepPolicy>());
    }

    public Option<string> Keep { get; } = new("--keep")
    {
        Description = "Which variables: Model (every variable but optimizer state and bookkeeping), Trainable (what the graph marks trainable) or All.",
        HelpName = "Model|Trainable|All",
        DefaultValueFactory = _ => "Model",
    };

    public Option<string[]> Include { get; } = new("--include")
    {
        Description = "Keep only variables whose name matches this glob ('*' within a '/' part, '**' across parts, '?' one character; '!' negates). Repeatable.",
        HelpName = "GLOB",
    };

    public Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = "Drop variables whose name matches this glob. Repeatable.",
        HelpName = "GLOB",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Keep);
        command.Options.Add(Include);
        command.Options.Add(Exclude);
    }

    /// <summary>The variables the options select from <paramref name="checkpoint"/>, in key order.</summary>
    /// <exception cref="CommandFailedException">Nothing is selected, or Trainable was asked of a checkpoint that marks none.</exception>
    public VariableSelection Select(ParseResult parse, Checkpoint checkpoint)
    {
        var keep = Enum.Parse<KeepPolicy>(parse.GetValue(Keep)!, ignoreCase: true);
        if (keep == KeepPolicy.Trainable && !checkpoint.Variables.Any(v => v.Kind == VariableKind.Trainable))
        {
            throw new CommandFailedException(ExitCodes.Failed,
                $"--keep Trainable needs a meta graph or SavedModel that marks trainable variables, and {checkpoint.Location.Prefix} has none; use --keep Model");
        }
        var filter = VariableFilter.Create(keep, Patterns(parse, Include), Patterns(parse, Exclude));
        var kept = checkpoint.Variables.Where(filter.Keeps).ToList();
        if (kept.Count == 0)
        {
            throw new CommandFailedException(ExitCodes.Failed,
                $"--keep {keep} and the name filters select none of the {checkpoint.Variables.Count} variables of {checkpoint.Location.Prefix}");
        }
        return new VariableSelection(kept, checkpoint.Variables.Except(kept).ToList());
    }

    /// <summary>Whether an <c>--exclude</c> glob names <paramref name="variable"/>.</summary>
    public bool Excludes(ParseResult parse, CheckpointVariable variable) =>
        !VariableFilter.Create(KeepPolicy.All, string.Empty, Patterns(parse, Exclude)).Keeps(variable);

    /// <summary>The globs of <paramref name="option"/> as one <c>;</c>-separated list, as the item metadata takes them.</summary>
    public static string Patterns(ParseResult parse, Option<string[]> option) => string.Join(";", parse.GetValue(option) ?? Array.Empty<string>());
}
