using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>
/// A user's assembly built from a manifest: the generated class compiled with the packed weights
/// as a manifest resource (as the targets embed them), written to disk and loaded from its
/// path, like an application's assembly, into a collectible load context. The runtime comes from
/// the tests' own context, so its types can be used directly.
/// </summary>
internal sealed class GeneratedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly string _folder;

    private GeneratedAssembly(AssemblyLoadContext context, Type generatedClass, string folder)
    {
        _context = context;
        Class = generatedClass;
        _folder = folder;
    }

    /// <summary>The generated class.</summary>
    public Type Class { get; }

    public static GeneratedAssembly Load(BuiltPlan manifest)
    {
        var parsed = manifest.Parsed;
        var run = GeneratorHarness.Run(GeneratorHarness.Compilation(), TestAdditionalText.Plan(manifest.Text, parsed.ClassName))
            .AssertNoCrash()
            .AssertCompilesCleanly();
        var resources = manifest.Weights is { } weights
            ? new[] { new ResourceDescription(parsed.ResourceName, () => new MemoryStream(weights, writable: false), isPublic: true) }
            : Array.Empty<ResourceDescription>();
        var folder = Path.Combine(Path.GetTempPath(), "checkpointgen-generator-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "UserProject.dll");
        using (var file = File.Create(path))
        {
            var result = run.Compilation.Emit(file, manifestResources: resources);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        }
        var context = new AssemblyLoadContext("generated-" + parsed.ClassName, isCollectible: true);
        return new GeneratedAssembly(context, context.LoadFromAssemblyPath(path).GetType(parsed.FullClassName, throwOnError: true)!, folder);
    }

    /// <summary>The class's <c>Embedded</c> instance.</summary>
    public object Embedded() => Class.GetProperty("Embedded")!.GetValue(null)!;

    /// <summary>The class's <c>Open(path)</c>, or <c>Open()</c> without a path, throwing what it throws.</summary>
    public object Open(string? path = null)
    {
        try
        {
            return path is null
                ? Class.GetMethod("Open", Type.EmptyTypes)!.Invoke(null, null)!
                : Class.GetMethod("Open", new[] { typeof(string) })!.Invoke(null, new object[] { path })!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    public void Dispose()
    {
        _context.Unload();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Windows keeps a loaded assembly's file locked until its context is collected; the
            // folder is then left in the temp directory.
        }
    }
}
