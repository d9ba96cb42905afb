using System.Runtime.InteropServices;
using CheckpointGen.Benchmarks.Inference.Onnx;
using Google.Protobuf;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>Writes small ONNX models (float tensors, opset 13) for the ONNX Runtime baselines.</summary>
internal sealed class OnnxModelBuilder
{
    private readonly GraphProto graph = new() { Name = "benchmark" };

    /// <summary>A float input; <c>null</c> dimensions are the dynamic batch.</summary>
    public OnnxModelBuilder Input(string name, params long?[] shape)
    {
        graph.Input.Add(ValueInfo(name, shape));
        return this;
    }

    public OnnxModelBuilder Output(string name, params long?[] shape)
    {
        graph.Output.Add(ValueInfo(name, shape));
        return this;
    }

    public OnnxModelBuilder Initializer(string name, float[] values, params long[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = 1, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.AddRange(shape);
        graph.Initializer.Add(tensor);
        return this;
    }

    public OnnxModelBuilder Node(string opType, string[] inputs, string output, params AttributeProto[] attributes) =>
        Node(opType, inputs, [output], attributes);

    /// <summary>A node of several outputs; an empty name leaves that output out (ONNX's optional outputs).</summary>
    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = outputs.Last(o => o.Length > 0) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return this;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public byte[] ToBytes()
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "CheckpointGen.Benchmarks", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model.ToByteArray();
    }

    private static ValueInfoProto ValueInfo(string name, long?[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var d in shape)
            tensorShape.Dim.Add(d is { } size ? new TensorShapeProto.Types.Dimension { DimValue = size } : new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = tensorShape } } };
    }
}
