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
/// not the variable's element type is an error. Reads the same plans as the generator and
/// accepts the same names and element types as the runtime build the project references.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GetCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnknownVariable, DiagnosticDescriptors.ElementTypeMismatch, DiagnosticDescriptors.StringThroughGet, DiagnosticDescriptors.HalfUnavailable);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var plans = new Dictionary<string, Lookup>(StringComparer.Ordinal);
            foreach (var file in start.Options.AdditionalFiles)
            {
                if (PlanFile.IsPlan(file, start.Options.AnalyzerConfigOptionsProvider)
                    && PlanFile.Parse(file.Path, file.GetText(start.CancellationToken)?.ToString()).Plan is { } plan)
                {
                    var tensors = plan.Tensors;
                    plans[plan.FullClassName] = new Lookup(plan, TensorLookupNames.Build(tensors.Count, i => tensors[i].Key, i => tensors[i].VariableName));
                }
            }
            if (plans.Count > 0)
            {
                var hasHalf = RuntimeBuild.OffersHalf(start.Compilation);
                start.RegisterOperationAction(c => Analyze(c, plans, hasHalf), OperationKind.Invocation);
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, Dictionary<string, Lookup> plans, bool hasHalf)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name is not ("Get" or "GetStrings") || invocation.Arguments.Length != 1)
        {
            return;
        }
        var owner = method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);
        if (!plans.TryGetValue(owner, out var lookup)
            || invocation.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: string name })
        {
            return;
        }
        var plan = lookup.Plan;
        var location = invocation.Arguments[0].Syntax.GetLocation();
        if (!lookup.IndexByName.TryGetValue(name, out var index))
        {
            var suggestion = NameSuggester.Closest(name, lookup.IndexByName.Keys);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownVariable, location, plan.ClassName, name,
                suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?"));
            return;
        }
        var tensor = plan.Tensors[index];
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
        if (asked is null || expected is null || SymbolEqualityComparer.Default.Equals(asked, expected)
            || (DTypes.HasRawBits(tensor.DType) && ElementTypes.IsRawBits(asked)))
        {
            return;
        }
        var askedName = asked.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        if (tensor.DType == "float16" && !hasHalf && asked.ToDisplayString() == "System.Half")
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HalfUnavailable, location, name));
            return;
        }
        var expectedName = expected.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ElementTypeMismatch, location, name, tensor.DType,
            DTypes.HasRawBits(tensor.DType) && !ElementTypes.IsRawBits(expected) ? expectedName + " (or ushort for the raw bits)" : expectedName,
            askedName));
    }

    /// <summary>A generated class's plan and every name its <c>Get</c> accepts.</summary>
    private sealed record Lookup(CheckpointPlan Plan, Dictionary<string, int> IndexByName);
}
