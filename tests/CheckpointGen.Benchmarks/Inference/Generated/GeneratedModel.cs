extern alias planning;

using System.Runtime.Loader;
using CheckpointGen.Benchmarks.Build.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using planning::CheckpointGen.Planning;
using Planned = planning::CheckpointGen.Contracts;

namespace CheckpointGen.Benchmarks.Inference.Generated;

/// <summary>
/// A frozen GraphDef as a user's build turns it into code: planned by the build's planner (graph
/// compiled, weights packed), printed by <c>CheckpointGenerator</c> through Roslyn's driver,
/// compiled in Release with the weights as the manifest resource, written to disk and loaded.
/// <see cref="Predict"/> calls the generated <c>Predict(ReadOnlySpan&lt;float&gt;, Span&lt;float&gt;)</c>
/// on the Embedded instance: what is measured is what users run.
/// </summary>
internal sealed class GeneratedModel
{
    private const string Namespace = "Models";
    private const string AdapterType = "Caller.Adapter";

    private GeneratedModel(Action<float[], float[]> predict, string source)
    {
        Predict = predict;
        Source = source;
    }

    /// <summary>Runs the generated method from the first array into the second.</summary>
    public Action<float[], float[]> Predict { get; }

    /// <summary>The generated C#.</summary>
    public string Source { get; }

    /// <summary>Writes the generated class and its weights into <paramref name="folder"/> (for the start-up apps).</summary>
    public static void Emit(byte[] frozenGraph, string outputs, string folder)
    {
        var (planText, resource) = Plan(WriteGraph(frozenGraph, folder), outputs, folder);
        var (source, _) = Generate(planText, Compilation("Empty"));
        File.WriteAllText(Path.Combine(folder, SyntheticModel.ClassName + ".g.cs"), source);
        File.Move(resource.Path, Path.Combine(folder, resource.LogicalName), overwrite: true);
    }

    /// <summary>Plans, generates, compiles and loads the model of <paramref name="frozenGraph"/>.</summary>
    public static GeneratedModel Build(byte[] frozenGraph, string outputs)
    {
        var folder = Directory.CreateTempSubdirectory("checkpointgen-inference-").FullName;
        // The assembly stays mapped from its file while the process runs; the folder goes with the process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return Build(WriteGraph(frozenGraph, folder), outputs, "Predict", folder);
    }

    /// <summary>Plans, generates, compiles and loads the SavedModel in <paramref name="savedModel"/>; <see cref="Predict"/> calls its signature's method <paramref name="method"/>.</summary>
    public static GeneratedModel BuildSavedModel(string savedModel, string method)
    {
        var folder = Directory.CreateTempSubdirectory("checkpointgen-inference-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return Build(savedModel, string.Empty, method, folder);
    }

    private static GeneratedModel Build(string modelPath, string outputs, string method, string folder)
    {
        var (planText, resource) = Plan(modelPath, outputs, folder);
        var caller = $$"""
            namespace Caller;

            public static class Adapter
            {
                public static void Predict(float[] x, float[] y) => global::{{Namespace}}.{{SyntheticModel.ClassName}}.Embedded.{{method}}(x, y);
            }
            """;
        var (source, compilation) = Generate(planText, Compilation("GeneratedInference", CSharpSyntaxTree.ParseText(caller, GeneratorInputs.ParseOptions)));
        var path = Path.Combine(folder, "GeneratedInference.dll");
        using (var file = File.Create(path))
        {
            var weights = new ResourceDescription(resource.LogicalName, () => File.OpenRead(resource.Path), isPublic: true);
            var result = compilation.Emit(file, manifestResources: new[] { weights });
            if (!result.Success)
                throw new InvalidOperationException("The generated class does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        // Its own context: in-process runs build several models, all named GeneratedInference.
        var assembly = new AssemblyLoadContext(folder).LoadFromAssemblyPath(path);
        var predict = assembly.GetType(AdapterType, throwOnError: true)!.GetMethod("Predict")!.CreateDelegate<Action<float[], float[]>>();
        return new GeneratedModel(predict, source);
    }

    private static string WriteGraph(byte[] frozenGraph, string folder)
    {
        var graphPath = Path.Combine(folder, "model.pb");
        File.WriteAllBytes(graphPath, frozenGraph);
        return graphPath;
    }

    private static (string PlanText, (string Path, string LogicalName) Resource) Plan(string modelPath, string outputs, string folder)
    {
        var request = new Planned.BuildRequest(Path.GetFileName(modelPath), modelPath, Path.Combine(folder, "Caller.csproj"), folder, folder, Namespace,
            new Planned.ItemMetadata(ClassName: SyntheticModel.ClassName, Outputs: outputs));
        var index = new Planned.OutputIndex();
        var planned = ItemPlanner.Run(request, index, new HashSet<string>());
        if (!planned.Succeeded)
            throw new InvalidOperationException("The planner rejected the graph:\n" + string.Join("\n", planned.Diagnostics.Select(d => $"{d.Code}: {d.Message}")));
        return (Planned.Plan.PlanFormat.Write(planned.Plan!), index.Resources.Single());
    }

    /// <summary>Runs the generator on <paramref name="user"/>: the generated source and the compilation holding it.</summary>
    private static (string Source, Compilation WithGenerated) Generate(string planText, Compilation user)
    {
        var driver = GeneratorInputs.Driver(planText).RunGeneratorsAndUpdateCompilation(user, out var withGenerated, out _);
        GeneratorInputs.EnsureClean(driver);
        return (driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString(), withGenerated);
    }

    /// <summary>A Release library referencing what this process runs on: the framework, CheckpointGen.Runtime and CheckpointGen.Inference.</summary>
    private static CSharpCompilation Compilation(string name, params SyntaxTree[] trees) =>
        CSharpCompilation.Create(name, trees,
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
}
