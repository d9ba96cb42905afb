extern alias planning;

using System.Buffers.Binary;
using CheckpointGen.Contracts.Plan;
using planning::CheckpointGen.Planning.Items;
using planning::CheckpointGen.Planning.Layout;
using planning::CheckpointGen.Planning.Selection;
using Planned = planning::CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Benchmarks.Build.Generation;

/// <summary>
/// The plan the build's planner makes for a made-up encoder in Embedded mode: layers of eight
/// float32 tensors (attention query, key, value and output kernels, a dense kernel and bias, a
/// norm's gamma and beta) under <c>encoder/layer_NNNN/</c>, packed at the worker's alignment.
/// </summary>
internal static class SyntheticModel
{
    public const string Namespace = "Models";
    public const string ClassName = "Network";
    public const string ResourceName = Namespace + "." + ClassName + ".weights";

    /// <summary>As the worker packs: each tensor starts at a multiple of 64 bytes.</summary>
    private const int Alignment = 64;

    private static readonly (string Path, bool IsMatrix)[] LayerTensors =
    {
        ("attention/query/kernel", true),
        ("attention/key/kernel", true),
        ("attention/value/kernel", true),
        ("attention/output/kernel", true),
        ("dense/kernel", true),
        ("dense/bias", false),
        ("norm/gamma", false),
        ("norm/beta", false),
    };

    public static int TensorsPerLayer => LayerTensors.Length;

    public static string TensorName(int layer, string path) => $"encoder/layer_{layer:D4}/{path}";

    /// <param name="layers">Layers of <see cref="TensorsPerLayer"/> tensors each.</param>
    /// <param name="width">Kernels are width × width, the other tensors width long.</param>
    /// <returns>The plan file's text.</returns>
    public static string PlanText(int layers, int width)
    {
        var tensors = new List<Planned.PlanTensor>(layers * LayerTensors.Length);
        long offset = 0;
        for (var layer = 0; layer < layers; layer++)
        {
            foreach (var (path, isMatrix) in LayerTensors)
            {
                var shape = isMatrix ? new long[] { width, width } : new long[] { width };
                var bytes = shape.Aggregate((long)sizeof(float), (a, d) => a * d);
                tensors.Add(new Planned.PlanTensor(TensorName(layer, path), string.Empty, "float32", new planning::CheckpointGen.EquatableArray<long>(shape), offset, bytes, string.Empty, string.Empty));
                offset += (bytes + Alignment - 1) / Alignment * Alignment;
            }
        }
        var settings = new ItemSettings(ClassName, Namespace, "public", "Embedded", KeepPolicy.Model, string.Empty, string.Empty, new Dictionary<string, string>(), CopyToOutput: false);
        return Planned.PlanFormat.Write(ClassPlanner.Plan(settings, "models/encoder", ResourceName, string.Empty, tensors, Array.Empty<Planned.PlanSignature>()).Plan);
    }

    /// <summary>The plan as the generator reads it.</summary>
    public static CheckpointPlan Parse(string planText) => PlanFormat.Read(planText, ClassName + PlanFormat.Extension);

    /// <summary>The packed weights: every tensor's first element is <see cref="FirstValue"/> of its index, the rest zero.</summary>
    public static byte[] Weights(CheckpointPlan manifest)
    {
        var last = manifest.Tensors[manifest.Tensors.Count - 1];
        var weights = new byte[last.Offset + last.ByteLength];
        for (var i = 0; i < manifest.Tensors.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(weights.AsSpan((int)manifest.Tensors[i].Offset), FirstValue(i));
        }
        return weights;
    }

    public static float FirstValue(int tensorIndex) => tensorIndex + 0.5f;
}
