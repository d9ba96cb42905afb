using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators;

/// <summary>
/// Every diagnostic the generator and analyzer report. IDs are documented in README's
/// "Diagnostics" table; CG1xxx are the build task's, CG2xxx the generator's, CG3xxx the analyzer's.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CheckpointGen";

    public static readonly DiagnosticDescriptor PlanUnreadable = new(
        "CG2001", "Checkpoint plan is unreadable",
        "The checkpoint plan '{0}' written by the build is unreadable: {1}; rebuild to regenerate it (a plan from another CheckpointGen version needs the matching generator)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InferenceUnreferenced = new(
        "CG2004", "Inference methods need CheckpointGen.Inference",
        "'{0}' has Outputs, but the compilation does not reference CheckpointGen.Inference, which the generated Predict method calls; the CheckpointGen package brings it as a dependency: do not exclude its compile assets (ExcludeAssets), or add <PackageReference Include=\"CheckpointGen.Inference\" />",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LazyNeedsRuntime = new(
        "CG2003", "Lazy mode needs the CheckpointGen.Runtime package",
        "{0} reads its checkpoint files at run time (Lazy mode), which needs CheckpointGen.Runtime; add <PackageReference Include=\"CheckpointGen.Runtime\" />, or set Mode=\"Embedded\" on its <Checkpoint> item",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownVariable = new(
        "CG3001", "Unknown checkpoint variable",
        "'{0}' has no variable '{1}'{2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ElementTypeMismatch = new(
        "CG3002", "Wrong element type for a checkpoint variable",
        "'{0}' is {1}; read it as {2}, not {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor StringThroughGet = new(
        "CG3003", "String variable read through Get<T>",
        "'{0}' is a string tensor; read it with GetStrings(\"{0}\")",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor HalfUnavailable = new(
        "CG3004", "System.Half is not offered by the referenced runtime build",
        "'{0}' is float16, but the CheckpointGen.Runtime build this project compiles against (netstandard2.0) reads it as raw bits; read it as ushort, or target net8.0 or later for Half",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
