using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.Loader;
using System.Text;
using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Generators;
using CheckpointGen.Tool.Npy;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CheckpointGen.Tool.Prediction;

/// <summary>
/// A plan's generated class, compiled in memory exactly as a consumer's build compiles it (the
/// generator's printer, Roslyn, the packed weights as the manifest resource the class reads) and
/// loaded into a collectible context; <see cref="Run"/> calls one generated method. It is the
/// build's code, not a second interpreter: a bug in the printer or a kernel shows here too.
/// </summary>
internal sealed class CompiledProgram : IDisposable
{
    private const string AdapterClass = "CheckpointGenPredictAdapter";

    private readonly AssemblyLoadContext _context;
    private readonly Action<Array[], Array[]> _run;

    private CompiledProgram(AssemblyLoadContext context, Action<Array[], Array[]> run, Type[] parameterTypes, Type[] resultTypes)
    {
        _context = context;
        _run = run;
        ParameterTypes = parameterTypes;
        ResultTypes = resultTypes;
    }

    /// <summary>The element type each input span of the method declares, in parameter order.</summary>
    public IReadOnlyList<Type> ParameterTypes { get; }

    /// <summary>The element type each output span of the method declares, in result order.</summary>
    public IReadOnlyList<Type> ResultTypes { get; }

    /// <summary>Prints, compiles and loads <paramref name="plan"/>'s class for calling <paramref name="program"/>.</summary>
    /// <param name="plan">The item's plan.</param>
    /// <param name="program">The program whose method <see cref="Run"/> calls.</param>
    /// <param name="resources">The packed weights the planner wrote, embedded under their logical names.</param>
    /// <exception cref="InvalidOperationException">The generated code does not compile, or declares a parameter predict cannot pass: a bug, reported with the compiler's messages.</exception>
    public static CompiledProgram Compile(CheckpointPlan plan, PlanProgram program, IReadOnlyList<(string Path, string LogicalName)> resources)
    {
        var source = GeneratedSource.FromPlan(PlanFormat.Write(plan), plan.ClassName + PlanFormat.Extension);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create("CheckpointGenPredict", new[] { CSharpSyntaxTree.ParseText(source, parse, path: plan.ClassName + ".g.cs") }, References(), options);
        var method = Method(compilation, plan, program);
        var parameters = method.Parameters.Take(program.Parameters.Count).Select(p => ElementType(p, plan)).ToArray();
        var results = method.Parameters.Skip(program.Parameters.Count).Select(p => ElementType(p, plan)).ToArray();
        compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Adapter(plan, program, method), parse, path: AdapterClass + ".cs"));
        var manifest = resources.Select(r => new ResourceDescription(r.LogicalName, () => File.OpenRead(r.Path), isPublic: true)).ToArray();
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, manifestResources: manifest);
        if (!emitted.Success)
        {
            var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10);
            throw new InvalidOperationException($"the generated code of {plan.FullClassName} does not compile (a bug in CheckpointGen): {string.Join("; ", errors)}");
        }
        image.Position = 0;
        var context = new AssemblyLoadContext("checkpointgen-predict", isCollectible: true);
        return new CompiledProgram(context, Load(context, image), parameters, results);
    }

    /// <summary>Calls the method with <paramref name="inputs"/> as its input spans and <paramref name="outputs"/> as its output spans.</summary>
    public void Run(Array[] inputs, Array[] outputs) => _run(inputs, outputs);

    public void Dispose() => _context.Unload();

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The assembly is compiled at run time and never trimmed; the tool itself is not published trimmed.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The adapter type is generated here with a public static method; nothing trims it.")]
    private static Action<Array[], Array[]> Load(AssemblyLoadContext context, Stream image)
    {
        var assembly = context.LoadFromStream(image);
        var adapter = assembly.GetType(AdapterClass, throwOnError: true)!;
        return adapter.GetMethod("Run")!.CreateDelegate<Action<Array[], Array[]>>();
    }

    /// <summary>The generated method: the overload taking every input and output span.</summary>
    private static IMethodSymbol Method(CSharpCompilation compilation, CheckpointPlan plan, PlanProgram program)
    {
        var type = compilation.GetTypeByMetadataName(plan.FullClassName)
            ?? throw new InvalidOperationException($"the generated code declares no class {plan.FullClassName} (a bug in CheckpointGen)");
        return type.GetMembers(program.Method).OfType<IMethodSymbol>()
            .SingleOrDefault(m => m.ReturnsVoid && m.Parameters.Length == program.Parameters.Count + program.Results.Count)
            ?? throw new InvalidOperationException($"{plan.FullClassName} has no method {program.Method} taking {program.Parameters.Count} input and {program.Results.Count} output spans (a bug in CheckpointGen)");
    }

    /// <summary>The element type of a span parameter, as the generated method declares it: a .npy element type, or <c>ReadOnlyMemory&lt;byte&gt;</c> for serialized examples.</summary>
    private static Type ElementType(IParameterSymbol parameter, CheckpointPlan plan)
    {
        var span = parameter.Type as INamedTypeSymbol;
        var definition = span?.OriginalDefinition.ToDisplayString();
        if (definition is not ("System.ReadOnlySpan<T>" or "System.Span<T>"))
        {
            throw new InvalidOperationException($"{plan.FullClassName}: parameter '{parameter.Name}' is a {parameter.Type.ToDisplayString()}, which predict cannot pass (it passes spans)");
        }
        var element = span!.TypeArguments[0];
        if (element.ToDisplayString() == "System.ReadOnlyMemory<byte>")
        {
            return typeof(ReadOnlyMemory<byte>);
        }
        var name = element.ContainingNamespace.ToDisplayString() + "." + element.MetadataName;
        return NpyDType.All.FirstOrDefault(d => d.ElementType.FullName == name)?.ElementType
            ?? throw new InvalidOperationException($"{plan.FullClassName}: parameter '{parameter.Name}' is a span of {element.ToDisplayString()}, which neither the .npy files nor the serialized examples predict reads hold");
    }

    /// <summary>A static method calling the generated one with arrays as spans, so it is called through a delegate, not reflection on spans.</summary>
    private static string Adapter(CheckpointPlan plan, PlanProgram program, IMethodSymbol method)
    {
        var inputs = program.Parameters.Count;
        var arguments = method.Parameters.Select((p, i) =>
        {
            var element = ((INamedTypeSymbol)p.Type).TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            return i < inputs
                ? string.Create(CultureInfo.InvariantCulture, $"({element}[])inputs[{i}]")
                : string.Create(CultureInfo.InvariantCulture, $"({element}[])outputs[{i - inputs}]");
        });
        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"internal static class {AdapterClass}\n{{\n")
            .Append("    public static void Run(global::System.Array[] inputs, global::System.Array[] outputs) =>\n")
            .Append(CultureInfo.InvariantCulture, $"        global::{plan.FullClassName}.Embedded.{method.Name}({string.Join(", ", arguments)});\n}}\n")
            .ToString();
    }

    /// <summary>The framework and the tool's own assemblies (CheckpointGen.Inference and the accessors among them): what the generated code may call.</summary>
    private static IEnumerable<MetadataReference> References() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => MetadataReference.CreateFromFile(path));
}
