using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;
using static CheckpointGen.Compiler.Tests.Infrastructure.LibraryGraph;

namespace CheckpointGen.Compiler.Tests.ControlFlow;

/// <summary>
/// While/StatelessWhile compiled to a C# loop and run against TensorFlow.js: counters, carried
/// tensors of float32 and int32, nested loops, a loop inside a called function; and what the plan
/// holds (one copy of the body, carried values handed back without copies where they can be).
/// </summary>
public sealed class WhileLoopTests
{
    private const int Batch = 2;

    private static readonly float[] W = Close.Random(9, 3, 0.8f);
    private static readonly float[] Bias = [0.1f, -0.2f, 0.3f];

    /// <summary>
    /// As while_v2 saves a loop: counter and limit as loop variables (the limit passed through),
    /// weights captured as loop variables the body returns unchanged: x = tanh(x·W + b), n times.
    /// </summary>
    internal static LibraryGraph RecurrentGraph(int iterations = 4)
    {
        (string, Protos.DataType)[] args = [("i", I), ("n", I), ("x", F), ("w", F), ("b", F)];
        return new LibraryGraph()
            .Placeholder("x", F, -1, 3)
            .Const("w", W, 3, 3)
            .Const("b", Bias, 3)
            .Const("zero", [0], [])
            .Const("n", [iterations], [])
            .Add(While("loop", "cond", "body", ["zero", "n", "x", "w", "b"], [I, I, F, F, F]))
            .Function("cond", args, [("more", B)], [Op("less", "Less", I, "i", "n")], "less:z:0")
            .Function("body", args, [("i_next", I), ("n_out", I), ("x_next", F), ("w_out", F), ("b_out", F)],
                [
                    ConstNode("one", [1]),
                    Op("next", "AddV2", I, "i", "one:output:0"),
                    Op("mm", "MatMul", F, "x", "w"),
                    Op("biased", "BiasAdd", F, "mm:product:0", "b"),
                    Op("t", "Tanh", F, "biased:output:0"),
                    Op("n_id", "Identity", I, "n"),
                    Op("w_id", "Identity", F, "w"),
                    Op("b_id", "Identity", F, "b"),
                ],
                "next:z:0", "n_id:output:0", "t:y:0", "w_id:output:0", "b_id:output:0");
    }

    [Fact]
    public void A_counted_recurrence_equals_tensorflow_and_stays_one_loop()
    {
        using var model = LoopOracle.Check(RecurrentGraph(), ["loop:2", "loop:0"], Batch, new LoopOracle.Input("x", Close.Random(Batch * 3, 1), [Batch, 3]));

        var program = model.Program;
        Assert.Equal([PlanControl.Loop, PlanControl.Break, PlanControl.End], program.Controls.Select(c => c.Kind));
        // The body compiled once (no unrolling): one GEMM, weights packed as constants (passed through, not carried).
        Assert.Single(program.Steps, s => s.Kernel == ProgramKernels.MatMul);
        Assert.Equal(ProgramDTypes.Int32, program.Results[1].DType);
    }
}
