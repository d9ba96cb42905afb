extern alias planning;

using planning::CheckpointGen.Planning.Items;
using planning::CheckpointGen.Planning.Layout;
using planning::CheckpointGen.Planning.Selection;
using Planned = planning::CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>
/// Hand-made plans for what no real checkpoint has (colliding names, keywords, odd characters):
/// tensors and signatures laid out by the build's own planner (<see cref="ClassPlanner"/>) and
/// written in the plan format the worker writes.
/// </summary>
internal sealed class TestPlan
{
    private readonly List<Planned.PlanTensor> _tensors = new();
    private readonly List<Planned.PlanSignature> _signatures = new();
    private readonly Dictionary<string, string> _renames = new(StringComparer.Ordinal);
    private long _nextOffset;

    public TestPlan(string className = "Model", string mode = "Embedded")
    {
        ClassName = className;
        Mode = mode;
    }

    public string ClassName { get; }

    public string Mode { get; }

    /// <summary>Adds a tensor; Embedded offsets follow one another as the worker packs them.</summary>
    public TestPlan Tensor(string name, string dtype = "float32", long[]? shape = null, string variableName = "")
    {
        shape ??= Array.Empty<long>();
        var bytes = dtype == "string" ? 16 : shape.Aggregate(4L, (a, d) => a * d);
        var offset = Mode == "Embedded" ? _nextOffset : -1;
        _nextOffset += (bytes + 63) / 64 * 64;
        _tensors.Add(new Planned.PlanTensor(name, variableName, dtype, new planning::CheckpointGen.EquatableArray<long>(shape), offset, bytes, string.Empty, string.Empty));
        return this;
    }

    /// <summary>Adds a signature whose inputs and outputs are float32 <c>[-1, 3]</c> tensors with these keys.</summary>
    public TestPlan Signature(string key, string[] inputs, string[] outputs)
    {
        _signatures.Add(new Planned.PlanSignature(key, "tensorflow/serving/predict", string.Empty, Infos(inputs), Infos(outputs)));
        return this;
    }

    /// <summary>As the Rename item metadata.</summary>
    public TestPlan Rename(string name, string identifier)
    {
        _renames[name] = identifier;
        return this;
    }

    /// <summary>What the planner told apart by rule (the CG1020 infos of a build).</summary>
    public IReadOnlyList<string> Notes => Planned_().Notes;

    /// <summary>The plan file's text.</summary>
    public string Text() => Planned.PlanFormat.Write(Planned_().Plan);

    private PlannedClass Planned_()
    {
        var settings = new ItemSettings(ClassName, "Models", "public", Mode, KeepPolicy.Model, string.Empty, string.Empty, _renames, CopyToOutput: false);
        var source = "models/" + ClassName.ToLowerInvariant();
        return ClassPlanner.Plan(settings, source, Mode == "Embedded" ? "Models." + ClassName + ".weights" : string.Empty, Mode == "Embedded" ? string.Empty : source, _tensors, _signatures);
    }

    private static planning::CheckpointGen.EquatableArray<Planned.PlanSignatureTensor> Infos(string[] keys) =>
        new(keys.Select(k => new Planned.PlanSignatureTensor(k, k + ":0", "float32", new planning::CheckpointGen.EquatableArray<long>(new long[] { -1, 3 }), false, string.Empty)).ToArray());
}
