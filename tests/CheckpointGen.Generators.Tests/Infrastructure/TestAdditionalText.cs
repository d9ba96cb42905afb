using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>An AdditionalFiles item held in memory; <see cref="IsPlan"/> stands for its CheckpointGenManifest metadata.</summary>
internal sealed class TestAdditionalText : AdditionalText
{
    private readonly SourceText? _text;

    public TestAdditionalText(string path, string? text, bool isPlan = true)
    {
        Path = path;
        _text = text is null ? null : SourceText.From(text);
        IsPlan = isPlan;
    }

    /// <summary>A plan as the build task adds it: under the intermediate folder, named after the class.</summary>
    public static TestAdditionalText Plan(string text, string className = "Model") =>
        new("/project/obj/checkpointgen/" + className + ".cgplan", text);

    public override string Path { get; }

    public bool IsPlan { get; }

    /// <summary>Null for a file the compiler could not read.</summary>
    public override SourceText? GetText(CancellationToken cancellationToken = default) => _text;
}
