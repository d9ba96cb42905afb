using CheckpointGen.Manifest;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Generators.Pipeline;

/// <summary>Finds and parses the manifests the build task wrote, for the generator and the analyzer alike.</summary>
internal static class ManifestFile
{
    /// <summary>The item metadata (made compiler-visible by the package's targets) that marks a manifest.</summary>
    public const string MarkerMetadata = "build_metadata.AdditionalFiles.CheckpointGenManifest";

    public static bool IsManifest(AdditionalText file, AnalyzerConfigOptionsProvider options) =>
        options.GetOptions(file).TryGetValue(MarkerMetadata, out var value)
        && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    public static ManifestParseResult Parse(string path, string? text)
    {
        if (text is null)
        {
            return new ManifestParseResult(path, null, "the file could not be read");
        }
        var manifest = ManifestFormat.Read(text, out var error);
        if (manifest is not null && ManifestValidator.Problem(manifest) is { } problem)
        {
            return new ManifestParseResult(path, null, problem);
        }
        return new ManifestParseResult(path, manifest, error);
    }
}

/// <summary>A parsed manifest, or why it could not be; value equality for pipeline caching.</summary>
internal sealed record ManifestParseResult(string Path, CheckpointManifest? Manifest, string? Error);
