using System.Collections.Immutable;
using CheckpointGen.Generators.Pipeline;
using CheckpointGen.Contracts.Plan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CheckpointGen.Generators.Analysis;

/// <summary>
/// Checks string look-ups on generated classes (<c>Mnist.Embedded.Get&lt;float&gt;("dense/kernel")</c>)
/// at compile time: an unknown name is an error with "did you mean", a type argument that is
/// not the variable's element type is an error. Reads the same plans as the generator.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GetCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnknownVariable, DiagnosticDescriptors.ElementTypeMismatch, DiagnosticDescriptors.StringThroughGet);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var plans = new Dictionary<string, CheckpointPlan>(StringComparer.Ordinal);
            foreach (var file in start.Options.AdditionalFiles)
            {
                if (PlanFile.IsPlan(file, start.Options.AnalyzerConfigOptionsProvider)
                    && PlanFile.Parse(file.Path, file.GetText(start.CancellationToken)?.ToString()).Plan is { } plan)
                {
                    plans[plan.FullClassName] = plan;
                }
            }
            if (plans.Count > 0)
            {
                start.RegisterOperationAction(c => Analyze(c, plans), OperationKind.Invocation);
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, Dictionary<string, CheckpointPlan> plans)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name is not ("Get" or "GetStrings") || invocation.Arguments.Length != 1)
        {
            return;
        }
        var owner = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);
        if (!plans.TryGetValue(owner, out var plan)
            || invocation.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: string name })
        {
            return;
        }
        var location = invocation.Arguments[0].Syntax.GetLocation();
        var tensor = plan.Tensors.FirstOrDefault(t => t.Key == name) ?? plan.Tensors.FirstOrDefault(t => t.VariableName == name);
        if (tensor is null)
        {
            var known = plan.Tensors.Select(t => t.Key).Concat(plan.Tensors.Select(t => t.VariableName).Where(n => n.Length > 0));
            var suggestion = NameSuggester.Closest(name, known);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownVariable, location, plan.ClassName, name,
                suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
            return;
        }
        var hasHalf = context.Compilation.GetTypeByMetadataName("System.Half") is not null;
        if (method.Name == "GetStrings")
        {
            if (tensor.DType != "string")
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ElementTypeMismatch, location, name, tensor.DType, ElementTypes.Keyword(tensor.DType, hasHalf), "strings"));
            }
            return;
        }
        if (tensor.DType == "string")
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StringThroughGet, location, name));
            return;
        }
        var asked = method.TypeArguments.Length == 1 ? method.TypeArguments[0] : null;
        var expected = ElementTypes.Resolve(context.Compilation, tensor.DType, hasHalf);
        if (asked is not null && expected is not null && !SymbolEqualityComparer.Default.Equals(asked, expected))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ElementTypeMismatch, location, name, tensor.DType,
                expected.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), asked.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }
    }
}
