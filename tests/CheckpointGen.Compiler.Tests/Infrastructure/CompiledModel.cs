extern alias generators;
using System.Globalization;
using System.Runtime.Loader;
using System.Text;
using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Compiler.Tests.Infrastructure;

/// <summary>
/// An item as a consumer's build makes it: planned by the build's planner (compiling the graph),
/// printed by the generator, compiled by Roslyn optimized (as a Release build compiles it) with the
/// packed weights as a manifest resource, loaded, and run through its generated method with spans,
/// as user code calls it.
/// </summary>
internal sealed class CompiledModel : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Func<Array[], int, Array[]> _run;
    private readonly Action<Array[], Array[]> _runInto;

    private CompiledModel(AssemblyLoadContext context, CheckpointPlan plan, PlanProgram program, string source, Func<Array[], int, Array[]> run, Action<Array[], Array[]> runInto, Type type)
    {
        _context = context;
        Plan = plan;
        Program = program;
        Source = source;
        _run = run;
        _runInto = runInto;
        GeneratedType = type;
    }

    /// <summary>The generated class, for reflection on its methods.</summary>
    public Type GeneratedType { get; }

    public CheckpointPlan Plan { get; }

    /// <summary>The program <see cref="Run"/> calls.</summary>
    public PlanProgram Program { get; }

    /// <summary>The generated C#.</summary>
    public string Source { get; }

    /// <summary>The planner's diagnostics for an item that failed (no model then).</summary>
    public static IReadOnlyList<PlanDiagnostic> Diagnose(string path, string outputs, string inputs = "", string mode = "")
    {
        using var folder = new TempFolder();
        return ItemPlanner.Run(Request(path, outputs, inputs, mode, folder.Path), new OutputIndex(), new HashSet<string>()).Diagnostics;
    }

    /// <summary>Plans, prints, compiles and loads the item at <paramref name="path"/>; fails the test on any planner error or compiler diagnostic.</summary>
    /// <param name="method">The generated method to call; default: the first program's.</param>
    public static CompiledModel Build(string path, string outputs, string inputs = "", string mode = "", string? method = null)
    {
        using var folder = new TempFolder();
        var index = new OutputIndex();
        var result = ItemPlanner.Run(Request(path, outputs, inputs, mode, folder.Path), index, new HashSet<string>());
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => $"{d.Code}: {d.Message}")));
        var plan = result.Plan!;
        var program = plan.Programs.SingleOrDefault(p => method is null ? p == plan.Programs[0] : p.Method == method);
        Assert.True(program is not null, $"No method {method}: " + string.Join("\n", result.Diagnostics.Select(d => $"{d.Code}: {d.Message}")));
        var planText = PlanFormat.Write(plan);
        var source = generators::CheckpointGen.Generators.GeneratedSource.FromPlan(planText, "Model.cgplan");
        var compilation = CSharpCompilation.Create("UserModel",
            new[] { CSharpSyntaxTree.ParseText(source), CSharpSyntaxTree.ParseText(Adapter(program)) },
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: false,
                generalDiagnosticOption: ReportDiagnostic.Error, optimizationLevel: OptimizationLevel.Release));
        var resources = index.Resources.Select(r => new ResourceDescription(r.LogicalName, () => new MemoryStream(File.ReadAllBytes(r.Path)), isPublic: true)).ToArray();
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, manifestResources: resources);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics) + "\n" + Numbered(source));
        var context = new AssemblyLoadContext("compiled-model", isCollectible: true);
        image.Position = 0;
        var assembly = context.LoadFromStream(image);
        var adapter = assembly.GetType("ModelAdapter", throwOnError: true)!;
        var run = adapter.GetMethod("Run")!.CreateDelegate<Func<Array[], int, Array[]>>();
        var runInto = adapter.GetMethod("RunInto")!.CreateDelegate<Action<Array[], Array[]>>();
        return new CompiledModel(context, plan, program, source, run, runInto, assembly.GetType("Users.Model", throwOnError: true)!);
    }

    /// <summary>Runs the first program on <paramref name="inputs"/> (one array per parameter) at <paramref name="batch"/>.</summary>
    public float[][] Run(int batch, params float[][] inputs) => _run(inputs, batch).Cast<float[]>().ToArray();

    /// <summary>Runs the program on arrays of each parameter's element type (float[], int[], long[], bool[]); returns arrays of each result's.</summary>
    public Array[] RunTyped(int batch, params Array[] inputs) => _run(inputs, batch);

    /// <summary>Runs the program from and into caller arrays (of each tensor's element type): the generated method's span overload and nothing else.</summary>
    public void RunInto(Array[] inputs, Array[] outputs) => _runInto(inputs, outputs);

    public void Dispose() => _context.Unload();

    private static BuildRequest Request(string path, string outputs, string inputs, string mode, string folder) =>
        new(Path.GetFileName(path), path, Path.Combine(folder, "User.csproj"), folder, folder, "Users",
            new ItemMetadata(ClassName: "Model", Mode: mode, Outputs: outputs, Inputs: inputs));

    /// <summary>Calls the program with spans from arrays, as a user's code does, callable through delegates.</summary>
    private static string Adapter(PlanProgram p)
    {
        var sb = new StringBuilder("public static class ModelAdapter {\n");
        var call = $"global::Users.Model.Embedded.{p.Method}({string.Join(", ", p.Parameters.Select((t, i) => $"({ProgramDTypes.Element(t.DType)}[])inputs[{i}]").Concat(p.Results.Select((t, i) => $"({ProgramDTypes.Element(t.DType)}[])outputs[{i}]")))});";
        sb.Append(CultureInfo.InvariantCulture, $"public static void RunInto(global::System.Array[] inputs, global::System.Array[] outputs) {{ {call} }}\n");
        sb.Append("public static global::System.Array[] Run(global::System.Array[] inputs, int batch) {\nvar outputs = new global::System.Array[] {\n");
        foreach (var r in p.Results)
        {
            var row = r.Dims.Aggregate(1L, (a, d) => a * (d < 0 ? 1 : d));
            var batched = r.Dims.Count > 0 && r.Dims[0] == PlanValue.Batch;
            sb.Append(CultureInfo.InvariantCulture, $"new {ProgramDTypes.Element(r.DType)}[{(batched ? "batch * " : "")}{row}],\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"}};\n{call}\nreturn outputs;\n}} }}\n");
        return sb.ToString();
    }

    private static string Numbered(string source) => string.Join("\n", source.Split('\n').Select((line, i) => $"{i + 1,5}: {line}"));

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Runtime.Checkpoint).Assembly.Location)
            .Append(typeof(Inference.Graphs.Elementwise).Assembly.Location)
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cg-compiler-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
