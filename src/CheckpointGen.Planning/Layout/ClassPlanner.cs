using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Items;
using CheckpointGen.Planning.Naming;

namespace CheckpointGen.Planning.Layout;

/// <summary>A class's plan, the names given by rule rather than as desired, and Rename entries that matched nothing.</summary>
internal sealed record PlannedClass(CheckpointPlan Plan, IReadOnlyList<string> Notes, IReadOnlyList<string> UnusedRenames);

/// <summary>Puts a class's plan together: settings, storage, and every tensor and signature named by <see cref="ClassLayout"/> and <see cref="SignatureLayout"/>.</summary>
internal static class ClassPlanner
{
    /// <param name="settings">The item's settings.</param>
    /// <param name="source">The item's Include.</param>
    /// <param name="resourceName">Embedded mode: the weights' LogicalName.</param>
    /// <param name="lazyPath">Lazy mode: the prefix <c>Open()</c> reads.</param>
    /// <param name="tensors">The kept tensors in storage order; their constants' names are ignored and resolved here.</param>
    /// <param name="signatures">The graph's signatures; their class names are ignored and resolved here.</param>
    /// <param name="layers">Keras layer paths by key (<see cref="KerasLayerPaths"/>): they name the tensors they cover instead of their keys.</param>
    public static PlannedClass Plan(
        ItemSettings settings, string source, string resourceName, string lazyPath, IReadOnlyList<PlanTensor> tensors, IEnumerable<PlanSignature> signatures,
        IReadOnlyDictionary<string, LayerPath>? layers = null)
    {
        var layout = ClassLayout.Build(
            settings.ClassName,
            tensors.Select(t => new LayoutInput(
                t.Key, t.VariableName, t.Shape.Count, t.DType + "[" + string.Join(",", t.Shape) + "]", layers is not null && layers.TryGetValue(t.Key, out var layer) ? layer : null)).ToList(),
            settings.Renames);
        var notes = layout.Notes.ToList();
        var named = SignatureLayout.Name(signatures, settings.ClassName, notes);
        var placed = tensors.Select((t, i) => t with { FlatName = layout.Tensors[i].FlatName, ShapePrefix = layout.Tensors[i].ShapePrefix }).ToArray();
        var plan = new CheckpointPlan(
            settings.ClassName, settings.Namespace, settings.Access, settings.Mode, source, resourceName, lazyPath,
            new EquatableArray<PlanScopeType>(layout.Types.ToArray()), new EquatableArray<PlanMember>(layout.Members.ToArray()), new EquatableArray<PlanTensor>(placed), new EquatableArray<PlanSignature>(named.ToArray()));
        return new PlannedClass(plan, notes, layout.UnusedRenames);
    }
}
