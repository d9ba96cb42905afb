using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>The generated method's contract with typed tensors: span types per dtype, length checks, no allocation after the first call.</summary>
public class TypedMethodContractTests
{
    /// <summary>
    /// int32 ids and a float32 query in; a bool mask, int64 classes and float32 scores out, through
    /// Cast, BatchMatMul of two computed stacks, Greater, Select and ArgMax: every typed kernel and slot kind.
    /// </summary>
    private static CompiledModel Build()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("query", -1, 2, 3).Const("zero", [0f]).Const("axis", [2]).Const("key", Close.Random(3 * 4, 5), 3, 4))
            .Placeholder("ids", DataType.DtInt32, -1, 2, 3)
            .Node("idsf", "Cast", ["ids"], ("SrcT", Type(DataType.DtInt32)), ("DstT", Type(DataType.DtFloat)))
            .Node("mixed", "AddV2", ["query", "idsf"], ("T", Type(DataType.DtFloat)))
            .Node("gram", "BatchMatMulV2", ["mixed", "query"], ("T", Type(DataType.DtFloat)), ("adj_y", Bool(true)))
            .Node("mask", "Greater", ["gram", "zero"], ("T", Type(DataType.DtFloat)))
            .Node("scores", "SelectV2", ["mask", "gram", "zero"], ("T", Type(DataType.DtFloat)))
            .Node("projected", "BatchMatMulV2", ["mixed", "key"], ("T", Type(DataType.DtFloat)))
            .Node("classes", "ArgMax", ["projected", "axis"], ("T", Type(DataType.DtFloat)), ("Tidx", Type(DataType.DtInt32)));
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-typed-contract-").FullName, "typed.pb");
        File.WriteAllBytes(path, graph.Bytes());
        return CompiledModel.Build(path, outputs: "mask;classes;scores", inputs: "ids;query");
    }

    [Fact]
    public void Parameters_and_results_are_spans_of_each_tensors_element_type()
    {
        using var model = Build();

        var method = model.GeneratedType.GetMethods().Single(m => m.Name == "Predict");

        Assert.Equal(
            [typeof(ReadOnlySpan<int>), typeof(ReadOnlySpan<float>), typeof(Span<bool>), typeof(Span<long>), typeof(Span<float>)],
            method.GetParameters().Select(p => p.ParameterType));
    }

    [Fact]
    public void Typed_results_equal_the_same_computation_done_by_hand()
    {
        using var model = Build();
        const int batch = 2;
        var ids = Enumerable.Range(0, batch * 6).Select(i => i % 3 - 1).ToArray();
        var query = Close.Random(batch * 6, 9);

        var results = model.RunTyped(batch, ids, query);

        var mask = (bool[])results[0];
        var scores = (float[])results[2];
        var classes = (long[])results[1];
        Assert.Equal(batch * 2 * 2, mask.Length);
        Assert.Equal(batch * 2, classes.Length);
        for (var b = 0; b < batch; b++)
        {
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var dot = Enumerable.Range(0, 3).Sum(p => (query[b * 6 + i * 3 + p] + ids[b * 6 + i * 3 + p]) * query[b * 6 + j * 3 + p]);
                    Assert.Equal(dot > 0, mask[b * 4 + i * 2 + j]);
                    Assert.Equal(dot > 0 ? dot : 0, scores[b * 4 + i * 2 + j], 4);
                }
            }
        }
        var key = Close.Random(3 * 4, 5);
        for (var row = 0; row < batch * 2; row++)
        {
            var projected = Enumerable.Range(0, 4).Select(n => Enumerable.Range(0, 3).Sum(p => (query[row * 3 + p] + ids[row * 3 + p]) * key[p * 4 + n])).ToArray();
            Assert.Equal(Array.IndexOf(projected, projected.Max()), classes[row]);
        }
    }

    [Fact]
    public void A_typed_call_after_the_first_allocates_nothing()
    {
        using var model = Build();
        Array[] inputs = [new int[4 * 6], Close.Random(4 * 6, 1)];
        Array[] outputs = [new bool[4 * 4], new long[4 * 2], new float[4 * 4]];
        model.RunInto(inputs, outputs);

        var before = GC.GetAllocatedBytesForCurrentThread();
        model.RunInto(inputs, outputs);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_typed_input_of_the_wrong_length_is_an_argument_exception_naming_it()
    {
        using var model = Build();

        var error = Assert.Throws<ArgumentException>(() => model.RunTyped(1, new int[5], new float[6]));

        Assert.Equal("ids", error.ParamName);
        Assert.Contains("[?, 2, 3]", error.Message);
    }
}
