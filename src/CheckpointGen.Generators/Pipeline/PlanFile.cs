using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CheckpointGen.Generators.Pipeline;

/// <summary>Finds and reads the plans the build wrote, for the generator and the analyzer alike.</summary>
internal static class PlanFile
{
    /// <summary>The item metadata (made compiler-visible by the package's targets) that marks a plan.</summary>
    public const string MarkerMetadata = "build_metadata.AdditionalFiles.CheckpointGenManifest";

    public static bool IsPlan(AdditionalText file, AnalyzerConfigOptionsProvider options) =>
        options.GetOptions(file).TryGetValue(MarkerMetadata, out var value)
        && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    public static PlanParseResult Parse(string path, string? text)
    {
        if (text is null)
        {
            return new PlanParseResult(path, null, "the file could not be read", 0);
        }
        try
        {
            return new PlanParseResult(path, PlanFormat.Read(text, path), null, 0);
        }
        catch (ContractFormatException e)
        {
            return new PlanParseResult(path, null, e.Reason, e.Line);
        }
    }
}

/// <summary>A plan, or why it could not be read and on which line (1-based; 0 for the whole file); value equality for pipeline caching.</summary>
internal sealed record PlanParseResult(string Path, CheckpointPlan? Plan, string? Error, int Line)
{
    /// <summary>Where a diagnostic about the plan points: the file, at the line when known.</summary>
    public Location Location
    {
        get
        {
            var position = new LinePosition(Math.Max(Line - 1, 0), 0);
            return Microsoft.CodeAnalysis.Location.Create(Path, default, new LinePositionSpan(position, position));
        }
    }
}
