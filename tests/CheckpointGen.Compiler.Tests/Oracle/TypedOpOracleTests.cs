using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>
/// Ops with run-time values other than float32 (Cast, comparisons, Select, ArgMax/ArgMin) and the
/// matrix products of computed operands (BatchMatMul, MatMul by a computed matrix), compiled and run
/// through the generated method with typed spans, against TensorFlow.js on the same graph.
/// </summary>
public partial class TypedOpOracleTests
{
    private const int Batch = 3;
    private const DataType F = DataType.DtFloat, I32 = DataType.DtInt32, I64 = DataType.DtInt64, B = DataType.DtBool;

    [Theory]
    [InlineData("float32", "int32")]
    [InlineData("float32", "int64")]
    [InlineData("float32", "bool")]
    [InlineData("int32", "float32")]
    [InlineData("int32", "int64")]
    [InlineData("int32", "bool")]
    [InlineData("bool", "float32")]
    [InlineData("bool", "int32")]
    public void Cast_at_run_time_equals_tensorflow(string fromName, string toName)
    {
        DataType from = Proto(fromName), to = Proto(toName);
        // Halves and negatives: float → int truncates toward zero; zeros make bool false.
        var values = Enumerable.Range(0, Batch * 4).Select(i => (i % 5 - 2) * 1.5f).ToArray();
        var graph = GraphEdit.Parse(new GraphDefBuilder())
            .Placeholder("x", from, -1, 4)
            .Node("y", "Cast", ["x"], ("SrcT", Type(from)), ("DstT", Type(to)));

        var program = Check(graph.Bytes(), "y", Input("x", from, values, Batch, 4));

        Assert.Equal(Name(to), program.Results[0].DType);
        Assert.Equal(Name(from), program.Parameters[0].DType);
        Assert.Equal(ProgramKernels.Cast, Assert.Single(program.Steps).Kernel);
    }

    public static TheoryData<string> ComparisonOps => new() { "Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual" };

    [Theory]
    [MemberData(nameof(ComparisonOps))]
    public void Comparison_of_floats_broadcast_equals_tensorflow(string op)
    {
        // Rounded to halves so that Equal finds equal elements.
        var x = Close.Random(Batch * 2 * 3, op.Length, 3).Select(v => MathF.Round(v * 2) / 2).ToArray();
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 2, 3).Const("c", [0.5f, -1f, 0f], 3))
            .Node("y", op, ["x", "c"], ("T", Type(F)));

        var program = Check(graph.Bytes(), "y", Input("x", F, x, Batch, 2, 3));

        Assert.Equal(ProgramDTypes.Bool, program.Results[0].DType);
    }

    [Theory]
    [InlineData("Greater")]
    [InlineData("Equal")]
    public void Comparison_of_int32_inputs_equals_tensorflow(string op)
    {
        var x = Enumerable.Range(0, Batch * 4).Select(i => (float)(i % 3)).ToArray();
        var y = Enumerable.Range(0, Batch * 4).Select(i => (float)(i % 2)).ToArray();
        var graph = GraphEdit.Parse(new GraphDefBuilder())
            .Placeholder("x", I32, -1, 4)
            .Placeholder("y", I32, -1, 4)
            .Node("z", op, ["x", "y"], ("T", Type(I32)));

        Check(graph.Bytes(), "z", Input("x", I32, x, Batch, 4), Input("y", I32, y, Batch, 4));
    }

    [Fact]
    public void SelectV2_broadcasts_condition_and_values_as_tensorflow()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 2, 3).Const("zero", [0f]).Const("fallback", [1f, 2f, 3f], 3))
            .Node("positive", "Greater", ["x", "zero"], ("T", Type(F)))
            .Node("y", "SelectV2", ["positive", "x", "fallback"], ("T", Type(F)));

        var program = Check(graph.Bytes(), "y", Input("x", F, Close.Random(Batch * 6, 7), Batch, 2, 3));

        Assert.Equal([ProgramKernels.Compare, ProgramKernels.Select], program.Steps.Select(s => s.Kernel));
    }

    [Fact]
    public void Select_with_a_condition_vector_picks_rows_as_tensorflow()
    {
        // TF1 Select: a condition of [batch] picks whole rows of [batch, 4]. TensorFlow.js broadcasts
        // Select as SelectV2 does; by TensorFlow's definition that is SelectV2 on the condition as [batch, 1].
        GraphDef Graph() => GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 4).Placeholder("s", -1).Const("zero", [0f]).Const("column", [-1, 1], 2))
            .Node("c", "Less", ["s", "zero"], ("T", Type(F)))
            .Node("n", "Neg", ["x"], ("T", Type(F)));
        var ours = Graph().Node("y", "Select", ["c", "x", "n"], ("T", Type(F)));
        var definition = Graph().Node("c2", "Reshape", ["c", "column"], ("T", Type(B)), ("Tshape", Type(I32))).Node("y", "SelectV2", ["c2", "x", "n"], ("T", Type(F)));

        Check(ours.Bytes(), definition.Bytes(), "y", Input("x", F, Close.Random(Batch * 4, 8), Batch, 4), Input("s", F, [-1f, 2f, -3f], Batch));
    }

    [Theory]
    [InlineData("ArgMax", 1, "int32")]
    [InlineData("ArgMax", -1, "int64")]
    [InlineData("ArgMin", 2, "int32")]
    [InlineData("ArgMin", 1, "int64")]
    public void Arg_reduction_on_any_axis_equals_tensorflow_with_ties_to_the_first(string op, int axis, string outputTypeName)
    {
        var outputType = Proto(outputTypeName);
        // Values rounded to a few levels: most rows have ties, which TensorFlow breaks toward the first index.
        var x = Close.Random(Batch * 3 * 4, axis + 20).Select(v => MathF.Round(v * 2)).ToArray();
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 3, 4).Const("axis", [axis]))
            .Node("y", op, ["x", "axis"], ("T", Type(F)), ("Tidx", Type(I32)), ("output_type", Type(outputType)));

        var program = Check(graph.Bytes(), "y", Input("x", F, x, Batch, 3, 4));

        Assert.Equal(Name(outputType), program.Results[0].DType);
        Assert.Equal(ProgramKernels.ArgReduce, Assert.Single(program.Steps).Kernel);
    }

    [Fact]
    public void Classifier_head_int32_features_in_int64_class_out_equals_tensorflow()
    {
        // int32 in, cast, dense layer, softmax, ArgMax (int64 by default): a classifier's whole path typed.
        var graph = GraphEdit.Parse(new GraphDefBuilder().Const("w", Close.Random(6 * 4, 30), 6, 4).Const("axis", [1]))
            .Placeholder("x", I32, -1, 6)
            .Node("xf", "Cast", ["x"], ("SrcT", Type(I32)), ("DstT", Type(F)))
            .Node("logits", "MatMul", ["xf", "w"], ("T", Type(F)))
            .Node("probs", "Softmax", ["logits"], ("T", Type(F)))
            .Node("class", "ArgMax", ["probs", "axis"], ("T", Type(F)), ("Tidx", Type(I32)));

        var program = Check(graph.Bytes(), "class", Input("x", I32, Enumerable.Range(0, Batch * 6).Select(i => (float)(i * 7 % 11 - 5)).ToArray(), Batch, 6));

        Assert.Equal(ProgramDTypes.Int64, program.Results[0].DType);
    }

    public static TheoryData<string, long[], long[], bool, bool> Products => new()
    {
        // A constant B shared by every matrix of A: the packed GEMM.
        { "BatchMatMulV2", [-1, 2, 3, 4], [4, 5], false, false },
        { "BatchMatMul", [-1, 3, 4], [5, 4], false, true },
        // Stacks of B, broadcast over A's stack and adjoint A: the unpacked products.
        { "BatchMatMulV2", [-1, 2, 3, 4], [2, 4, 5], false, false },
        { "BatchMatMulV2", [-1, 4, 3], [4, 5], true, false },
        { "BatchMatMulV3", [-1, 2, 4, 3], [2, 5, 4], true, true },
        { "BatchMatMulV3", [-1, 4, 3], [1, 5, 4], true, true },
    };

    [Theory]
    [MemberData(nameof(Products))]
    public void Batch_matmul_with_a_constant_operand_equals_tensorflow(string op, long[] aShape, long[] bShape, bool adjX, bool adjY)
    {
        var count = (int)bShape.Aggregate(1L, (p, d) => p * d);
        byte[] Graph(string name) => GraphEdit.Parse(new GraphDefBuilder().Placeholder("a", aShape).Const("b", Close.Random(count, 40), bShape))
            .Node("y", name, ["a", "b"], ("T", Type(F)), ("Ta", Type(F)), ("Tb", Type(F)), ("Tout", Type(F)), ("adj_x", Bool(adjX)), ("adj_y", Bool(adjY))).Bytes();

        // TensorFlow.js has no BatchMatMulV3; TensorFlow defines it as V2 with operand and result types, all float32 here.
        var program = Check(Graph(op), Graph(op == "BatchMatMulV3" ? "BatchMatMulV2" : op), "y", Input("a", F, Close.Random(Batch * Row(aShape), 41), Concrete(aShape)));

        var packed = bShape.Length == 2 && !adjX;
        Assert.Equal(packed ? ProgramKernels.MatMul : ProgramKernels.BatchMatMul, Assert.Single(program.Steps).Kernel);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Batch_matmul_of_two_computed_stacks_equals_tensorflow(bool adjX, bool adjY)
    {
        // Attention's scores: both operands are activations of the same batch.
        long[] aShape = adjX ? [-1, 4, 3] : [-1, 3, 4], bShape = adjY ? [-1, 5, 4] : [-1, 4, 5];
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("a", aShape).Placeholder("b", bShape))
            .Node("y", "BatchMatMulV2", ["a", "b"], ("T", Type(F)), ("adj_x", Bool(adjX)), ("adj_y", Bool(adjY)));

        Check(graph.Bytes(), "y", Input("a", F, Close.Random(Batch * 12, 42), Concrete(aShape)), Input("b", F, Close.Random(Batch * 20, 43), Concrete(bShape)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatMul_by_a_computed_matrix_equals_tensorflow(bool transposeB)
    {
        // The right-hand side is fed (not a weight): no packing at build time.
        var graph = new GraphDefBuilder().Placeholder("x", -1, 4).Placeholder("w", transposeB ? [5, 4] : [4, 5]).Op("Tanh", "t", ["w"])
            .Op("MatMul", "y", ["x", "t"], ("transpose_a", Bool(false)), ("transpose_b", Bool(transposeB)));

        var program = Check(graph.ToBytes(), "y", Input("x", F, Close.Random(Batch * 4, 44), Batch, 4), Input("w", F, Close.Random(20, 45), transposeB ? [5, 4] : [4, 5]));

        Assert.Equal(ProgramKernels.BatchMatMul, program.Steps[^1].Kernel);
    }

    private static (string Name, DataType Type, float[] Values, int[] Shape) Input(string name, DataType type, float[] values, params int[] shape) => (name, type, values, shape);

    private static int Row(long[] shape) => (int)shape.Skip(1).Aggregate(1L, (p, d) => p * d);

    private static int[] Concrete(long[] shape) => shape.Select(d => d < 0 ? Batch : (int)d).ToArray();


    private static DataType Proto(string name) => name switch
    {
        ProgramDTypes.Int32 => I32,
        ProgramDTypes.Int64 => I64,
        ProgramDTypes.Bool => B,
        _ => F,
    };

    private static string Name(DataType type) => type switch
    {
        I32 => ProgramDTypes.Int32,
        I64 => ProgramDTypes.Int64,
        B => ProgramDTypes.Bool,
        _ => ProgramDTypes.Float32,
    };

    private static Array Typed(DataType type, float[] values) => type switch
    {
        I32 => values.Select(v => (int)v).ToArray(),
        I64 => values.Select(v => (long)v).ToArray(),
        B => values.Select(v => v != 0).ToArray(),
        _ => values,
    };

    private static float[] Floats(Array values) => values switch
    {
        int[] i => i.Select(v => (float)v).ToArray(),
        long[] l => l.Select(v => (float)v).ToArray(),
        bool[] b => b.Select(v => v ? 1f : 0f).ToArray(),
        _ => (float[])values,
    };

    private static PlanProgram Check(byte[] bytes, string output, params (string Name, DataType Type, float[] Values, int[] Shape)[] inputs) =>
        Check(bytes, bytes, output, inputs);

    /// <summary>
    /// Runs <paramref name="bytes"/> through the generated method (typed arrays) and <paramref name="oracleBytes"/> (the same graph, or
    /// its equivalent by TensorFlow's definition where TensorFlow.js differs) through TensorFlow.js; floats within the tolerance, integers and bools exactly.
    /// </summary>
    private static PlanProgram Check(byte[] bytes, byte[] oracleBytes, string output, params (string Name, DataType Type, float[] Values, int[] Shape)[] inputs)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-typed-op-").FullName, "graph.pb");
        File.WriteAllBytes(path, bytes);
        using var model = CompiledModel.Build(path, output, string.Join(";", inputs.Select(i => i.Name)));
        var fed = inputs.Select(i => i.Type == B || i.Type == I32 || i.Type == I64 ? Typed(i.Type, i.Values) : i.Values).ToArray();
        var actual = model.RunTyped(Batch, fed)[0];
        // TensorFlow.js has no int64 tensors: int64 feeds go in as int32 (the values fit).
        var oracleInputs = inputs.ToDictionary(i => i.Name, i => new OracleTensor(i.Shape, Floats(fed[Array.IndexOf(inputs, i)]), i.Type == I64 ? ProgramDTypes.Int32 : Name(i.Type)));
        var expected = TfjsOracle.Run(oracleBytes, oracleInputs, output)[output];
        if (actual is float[] floats)
        {
            Close.Assert(expected.Values, floats, output);
        }
        else
        {
            Assert.Equal(expected.Values, Floats(actual));
        }
        return model.Program;
    }
}
