using System.Reflection;
using System.Runtime.Loader;
using CheckpointGen.Benchmarks.Build.Generation;
using CheckpointGen.Contracts.Plan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Benchmarks.Build.Embedded;

/// <summary>
/// A user's assembly as a build makes it, compiled in memory: the generated Embedded class, the
/// packed weights as its manifest resource, and user code that reads one tensor through a
/// generated property and through <c>Get&lt;float&gt;(name)</c>. Written to disk and loaded from
/// its path, as an application's assembly is, so the runtime maps the resource in place.
/// </summary>
internal sealed class CompiledConsumer
{
    private const string AccessClass = "Consumer.Access";

    private CompiledConsumer(Assembly assembly, string folder)
    {
        Assembly = assembly;
        Folder = folder;
    }

    public Assembly Assembly { get; }

    /// <summary>The temporary folder holding the assembly; the caller deletes it.</summary>
    public string Folder { get; }

    /// <summary>Compiles the consumer; its methods read tensor <paramref name="layer"/>'s <c>dense/kernel</c>.</summary>
    public static CompiledConsumer Compile(string planText, byte[] weights, int layer)
    {
        var user = $$"""
            namespace Consumer;

            public static class Access
            {
                public static float ByProperty() => global::{{SyntheticModel.Namespace}}.{{SyntheticModel.ClassName}}.Embedded.Encoder.Layer{{layer:D4}}.Dense.Kernel.Span[0];

                public static float ByName() => global::{{SyntheticModel.Namespace}}.{{SyntheticModel.ClassName}}.Embedded.Get<float>("{{SyntheticModel.TensorName(layer, "dense/kernel")}}").Span[0];
            }
            """;
        var compilation = CSharpCompilation.Create(
            "EmbeddedConsumer",
            new[] { CSharpSyntaxTree.ParseText(user, GeneratorInputs.ParseOptions) },
            PlatformReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, allowUnsafe: false));
        var driver = GeneratorInputs.Driver(planText).RunGeneratorsAndUpdateCompilation(compilation, out var withGenerated, out _);
        GeneratorInputs.EnsureClean(driver);

        var folder = Path.Combine(Path.GetTempPath(), "checkpointgen-benchmarks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "EmbeddedConsumer.dll");
        using (var file = File.Create(path))
        {
            var resource = new ResourceDescription(SyntheticModel.ResourceName, () => new MemoryStream(weights, writable: false), isPublic: true);
            var result = withGenerated.Emit(file, manifestResources: new[] { resource });
            if (!result.Success)
            {
                throw new InvalidOperationException("The consumer does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            }
        }
        return new CompiledConsumer(AssemblyLoadContext.Default.LoadFromAssemblyPath(path), folder);
    }

    /// <summary>One of the user code's methods as a delegate, which calls it without reflection's allocations.</summary>
    public Func<float> Method(string name) =>
        Assembly.GetType(AccessClass, throwOnError: true)!.GetMethod(name)!.CreateDelegate<Func<float>>();

    /// <summary>What this process runs on: the framework and the benchmarks' own dependencies, CheckpointGen.Runtime among them.</summary>
    private static IEnumerable<MetadataReference> PlatformReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => MetadataReference.CreateFromFile(p));
}
