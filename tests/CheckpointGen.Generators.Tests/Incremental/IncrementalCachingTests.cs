using System.Reflection;
using CheckpointGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Generators.Tests.Incremental;

/// <summary>
/// The generator runs on every keystroke in an IDE: an edit that does not touch a manifest must
/// reuse every step's result, and only a manifest whose content changed may be regenerated.
/// </summary>
public sealed class IncrementalCachingTests
{
    private static readonly string[] TrackedSteps = typeof(CheckpointGenerator.Steps)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private static readonly string Manifest = new TestPlan().Tensor("dense/kernel", shape: new long[] { 4, 8 }).Tensor("dense/bias", shape: new long[] { 8 }).Text();

    [Fact]
    public void Every_step_is_tracked()
    {
        var run = GeneratorHarness.Generate(Manifest, "class User { }");

        Assert.Contains(CheckpointGenerator.Steps.Manifests, TrackedSteps);
        Assert.All(TrackedSteps, step => Assert.NotEmpty(run.Single.TrackedSteps[step]));
    }

    [Fact]
    public void An_unrelated_source_edit_reuses_every_step_and_the_output()
    {
        var compilation = GeneratorHarness.Compilation("class User { int X => 1; }");
        var first = GeneratorHarness.Run(compilation, TestAdditionalText.Plan(Manifest));

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("class User { int X => 2; }", GeneratorHarness.ParseOptions, path: "/project/Source0.cs"));
        var second = GeneratorHarness.Run(first.Driver, edited);

        foreach (var step in TrackedSteps)
        {
            Assert.All(Reasons(second.Single.TrackedSteps[step]), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
        Assert.All(Reasons(second.Single.TrackedOutputSteps["SourceOutput"]), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.Equal(first.Source, second.Source);
    }

    [Fact]
    public void A_changed_manifest_is_parsed_again_and_regenerated()
    {
        var compilation = GeneratorHarness.Compilation("class User { }");
        var original = TestAdditionalText.Plan(Manifest);
        var first = GeneratorHarness.Run(compilation, original);
        var changed = TestAdditionalText.Plan(new TestPlan().Tensor("dense/kernel", shape: new long[] { 4, 16 }).Tensor("dense/bias", shape: new long[] { 16 }).Text());

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(original, changed), compilation);

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second.Single.TrackedSteps[CheckpointGenerator.Steps.Manifests]));
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(second.Single.TrackedOutputSteps["SourceOutput"]));
        Assert.Contains("public const long DenseKernelDim1 = 16;", second.Source, StringComparison.Ordinal);
        Assert.DoesNotContain("public const long DenseKernelDim1 = 16;", first.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rewritten_manifest_with_the_same_content_stays_cached()
    {
        var compilation = GeneratorHarness.Compilation("class User { }");
        var original = TestAdditionalText.Plan(Manifest);
        var first = GeneratorHarness.Run(compilation, original);

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(original, TestAdditionalText.Plan(Manifest)), compilation);

        Assert.All(Reasons(second.Single.TrackedSteps[CheckpointGenerator.Steps.Manifests]), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Reasons(second.Single.TrackedOutputSteps["SourceOutput"]), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Changing_one_manifest_leaves_the_other_classes_output_cached()
    {
        var compilation = GeneratorHarness.Compilation("class User { }");
        var other = TestAdditionalText.Plan(new TestPlan("Other").Tensor("w").Text(), "Other");
        var first = GeneratorHarness.Run(compilation, TestAdditionalText.Plan(Manifest), other);
        var changedOther = TestAdditionalText.Plan(new TestPlan("Other").Tensor("w").Tensor("b").Text(), "Other");

        var second = GeneratorHarness.Run(first.Driver.ReplaceAdditionalText(other, changedOther), compilation);

        var reasons = Reasons(second.Single.TrackedOutputSteps["SourceOutput"]);
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Equal(1, reasons.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, second.Single.GeneratedSources.Length);
    }

    [Fact]
    public void Additional_files_that_are_not_manifests_are_ignored()
    {
        var compilation = GeneratorHarness.Compilation("class User { }");
        var first = GeneratorHarness.Run(compilation, TestAdditionalText.Plan(Manifest));

        var second = GeneratorHarness.Run(first.Driver.AddAdditionalTexts([new TestAdditionalText("/project/notes.txt", "checkpointgen-manifest\t1\nclass\tNotes\nmode\tLazy\n", isPlan: false)]), compilation);

        Assert.Single(second.Single.GeneratedSources);
        Assert.All(Reasons(second.Single.TrackedOutputSteps["SourceOutput"]), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    private static IncrementalStepRunReason[] Reasons(IEnumerable<IncrementalGeneratorRunStep> steps) =>
        steps.SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
}
