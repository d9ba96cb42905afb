using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>An AdditionalFiles item held in memory; <see cref="IsManifest"/> stands for its CheckpointGenManifest metadata.</summary>
internal sealed class TestAdditionalText : AdditionalText
{
    private readonly SourceText? _text;

    public TestAdditionalText(string path, string? text, bool isManifest = true)
    {
        Path = path;
        _text = text is null ? null : SourceText.From(text);
        IsManifest = isManifest;
    }

    /// <summary>A manifest as the build task adds it: under the intermediate folder, named after the class.</summary>
    public static TestAdditionalText Manifest(string text, string className = "Model") =>
        new("/project/obj/checkpointgen/" + className + ".cgmanifest", text);

    public override string Path { get; }

    public bool IsManifest { get; }

    /// <summary>Null for a file the compiler could not read.</summary>
    public override SourceText? GetText(CancellationToken cancellationToken = default) => _text;
}
