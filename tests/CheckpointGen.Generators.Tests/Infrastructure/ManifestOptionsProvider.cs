using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>
/// The options the compiler gives analyzers when the package's props declare
/// <c>&lt;CompilerVisibleItemMetadata Include="AdditionalFiles" MetadataName="CheckpointGenManifest" /&gt;</c>
/// and the targets add manifests with <c>CheckpointGenManifest="true"</c>.
/// </summary>
internal sealed class ManifestOptionsProvider : AnalyzerConfigOptionsProvider
{
    public const string MarkerKey = "build_metadata.AdditionalFiles.CheckpointGenManifest";

    public static ManifestOptionsProvider Instance { get; } = new();

    public override AnalyzerConfigOptions GlobalOptions => Options.None;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        textFile is TestAdditionalText { IsPlan: true } ? Options.Marked : Options.None;

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        private Options(Dictionary<string, string> values) => _values = values;

        public static Options None { get; } = new(new Dictionary<string, string>(KeyComparer));

        public static Options Marked { get; } = new(new Dictionary<string, string>(KeyComparer) { [MarkerKey] = "true" });

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
    }
}
