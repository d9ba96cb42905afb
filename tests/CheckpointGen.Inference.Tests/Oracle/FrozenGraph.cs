using System.Runtime.InteropServices;
using CheckpointGen.Protos;

namespace CheckpointGen.Inference.Tests.Oracle;

/// <summary>A frozen GraphDef read with the project's own GraphDef messages (protos/), for its Const weights.</summary>
internal sealed class FrozenGraph(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    public GraphDef Graph { get; } = GraphDef.Parser.ParseFrom(bytes);

    public static FrozenGraph Load(string path) => new(File.ReadAllBytes(path));

    /// <summary>A float Const's values, from tensor_content or from float_val (the last value repeats to fill the shape).</summary>
    public float[] Const(string name)
    {
        var node = Graph.Node.Single(n => n.Name == name);
        Assert.Equal("Const", node.Op);
        var tensor = node.Attr["value"].Tensor;
        Assert.Equal(DataType.DtFloat, tensor.Dtype);
        if (!tensor.TensorContent.IsEmpty) return MemoryMarshal.Cast<byte, float>(tensor.TensorContent.Span).ToArray();
        long count = tensor.TensorShape.Dim.Aggregate(1L, (a, d) => a * d.Size);
        return Enumerable.Range(0, (int)count).Select(i => tensor.FloatVal[Math.Min(i, tensor.FloatVal.Count - 1)]).ToArray();
    }

    public long[] ConstShape(string name) =>
        Graph.Node.Single(n => n.Name == name).Attr["value"].Tensor.TensorShape.Dim.Select(d => d.Size).ToArray();
}
