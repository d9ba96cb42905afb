using CheckpointGen.Compiler.Tests.ControlFlow;
using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Protos;
using static CheckpointGen.Compiler.Tests.Infrastructure.LibraryGraph;

namespace CheckpointGen.Compiler.Tests.TensorLists;

/// <summary>
/// TensorLists passed into If/StatelessIf branches, written there and returned: run as if/else
/// against TensorFlow.js; the caller's list keeps its value; branches returning lists of other
/// layouts are CG1043 naming the node.
/// </summary>
public sealed class ListBranchTests
{
    private const DataType V = DataType.DtVariant;
    private const int Batch = 2;

    [Theory]
    [InlineData(1f)]
    [InlineData(-1f)]
    public void A_list_written_in_a_run_time_branch_equals_tensorflow(float p)
    {
        var x = Close.Random(Batch * 3, 81);

        using var model = LoopOracle.Check(Graph(elseCount: 2), ["y"], Batch, new LoopOracle.Input("x", x, [Batch, 3]), new LoopOracle.Input("p", new[] { p }, []));

        Assert.Equal([PlanControl.If, PlanControl.Else, PlanControl.End], model.Program.Controls.Select(c => c.Kind));
        Assert.Equal(3, model.Program.Steps.Count(s => s.Kernel == ProgramKernels.ListSetItem));
    }

    /// <summary>
    /// TensorFlow's lists are values: the list a branch received still holds what it held (TensorFlow.js
    /// writes into the one list object, so this is checked against the definition).
    /// </summary>
    [Fact]
    public void The_list_passed_to_a_branch_keeps_its_value()
    {
        var graph = Graph(elseCount: 2)
            .Add(Node("before", "TensorListStack", ["list0", "item_shape"], ("element_dtype", Type(F)), ("num_elements", new AttrValue { I = 2 })))
            .Add(Node("y0", "Transpose", ["before", "perm"], ("T", Type(F)), ("Tperm", Type(I))));
        var folder = Directory.CreateTempSubdirectory("cg-listbranch-").FullName;
        using var model = CompiledModel.Build(graph.Write(folder), "y;y0", "x;p");
        Directory.Delete(folder, recursive: true);
        var x = Close.Random(Batch * 3, 82);

        var y = model.RunTyped(Batch, x, new[] { 1f });

        var expectedBefore = new float[Batch * 2 * 3];
        var expectedAfter = new float[Batch * 2 * 3];
        for (var b = 0; b < Batch; b++)
        {
            Array.Copy(x, b * 3, expectedBefore, b * 6, 3);
            Array.Copy(x, b * 3, expectedAfter, b * 6, 3);
            for (var f = 0; f < 3; f++)
            {
                expectedAfter[b * 6 + 3 + f] = x[b * 3 + f] * 2;
            }
        }
        Assert.Equal(expectedAfter, (float[])y[0]);
        Assert.Equal(expectedBefore, (float[])y[1]);
    }

    [Fact]
    public void Branches_returning_lists_of_other_lengths_are_CG1043_naming_the_node()
    {
        var folder = Directory.CreateTempSubdirectory("cg-listbranch-").FullName;
        var error = Assert.Single(CompiledModel.Diagnose(Graph(elseCount: 3).Write(folder), "y", "x;p"));
        Directory.Delete(folder, recursive: true);

        Assert.Equal("CG1043", error.Code);
        Assert.Contains("'cond' (If)", error.Message);
        Assert.Contains("a list of 2 float32 items", error.Message);
        Assert.Contains("a list of 3 float32 items", error.Message);
    }

    /// <summary>
    /// x made item 0 of a reserved list of two; the If writes item 1 (then: x·2, else: tanh x) and
    /// returns the list; stacked and transposed back: y [batch, 2, 3]. The else branch resizes its list
    /// to <paramref name="elseCount"/> items first. For TensorFlow.js, which disposes every tensor a
    /// function made but does not return, and its arguments after their last read, the branches get x
    /// as another tensor and return the item they write besides the list.
    /// </summary>
    private static LibraryGraph Graph(int elseCount) =>
        new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Placeholder("p", F)
            .Const("zero", [0f])
            .Add(Op("pred", "Greater", F, "p", "zero"))
            .Const("item_shape", [-1, 3], 2)
            .Const("perm", [1, 0, 2], 3)
            .Const("two", [2], [])
            .Const("zero_i", [0], [])
            .Add(Node("list", "TensorListReserve", ["item_shape", "two"], ("element_dtype", Type(F)), ("shape_type", Type(I))))
            .Add(Node("list0", "TensorListSetItem", ["list", "zero_i", "x"], ("element_dtype", Type(F))))
            .Const("one_f", [1f])
            .Add(Op("x_in", "Mul", F, "x", "one_f"))
            .Add(If("cond", "then", "else", "pred", ["list0", "x_in"], [V, F], [V, F], op: "If"))
            .Add(Node("stacked", "TensorListStack", ["cond", "item_shape"], ("element_dtype", Type(F)), ("num_elements", new AttrValue { I = 2 })))
            .Add(Node("y", "Transpose", ["stacked", "perm"], ("T", Type(F)), ("Tperm", Type(I))))
            .Function("then", [("l", V), ("x", F)], [("out", V), ("item", F)],
                [
                    ConstNode("one", [1]), ConstNode("two_f", [2f]),
                    Op("doubled", "Mul", F, "x", "two_f:output:0"),
                    Node("set", "TensorListSetItem", ["l", "one:output:0", "doubled:z:0"], ("element_dtype", Type(F))),
                ],
                "set:output_handle:0", "doubled:z:0")
            .Function("else", [("l", V), ("x", F)], [("out", V), ("item", F)],
                [
                    ConstNode("one", [1]), ConstNode("count", [elseCount]),
                    Node("sized", "TensorListResize", ["l", "count:output:0"]),
                    Op("t", "Tanh", F, "x"),
                    Node("set", "TensorListSetItem", ["sized:output_handle:0", "one:output:0", "t:y:0"], ("element_dtype", Type(F))),
                ],
                "set:output_handle:0", "t:y:0");
}
