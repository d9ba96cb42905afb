using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Planning.Compiler.Functions;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// TF2 control flow as C# control flow, the way tfcompile keeps it: <c>While</c>/<c>StatelessWhile</c>
/// becomes a <c>while</c> loop (condition, break, body, carried values handed back) whose functions
/// compile once, never unrolled; <c>If</c>/<c>StatelessIf</c> picks its branch at build time when the
/// predicate is known (Keras' smart_cond), else becomes <c>if</c>/<c>else</c>.
/// </summary>
internal static class ControlFlowOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["While"] = While;
        table["StatelessWhile"] = While;
        table["If"] = If;
        table["StatelessIf"] = If;
    }

    /// <summary>
    /// Loop variables the body returns unchanged (captured weights, the iteration limit
    /// <c>maximum_iterations</c> that while_v2 passes as one) are not carried: the condition and
    /// body see the input itself, so constants fold inside. The others live in slots made once
    /// before the loop, initialized by one copy; their shapes must be loop-invariant.
    /// </summary>
    private static Symbol[] While(OpContext ctx)
    {
        var inputs = ctx.Inputs;
        var (cond, _) = ctx.Functions.Named(ctx, "cond");
        var (body, _) = ctx.Functions.Named(ctx, "body");
        if (body.Signature.OutputArg.Count != inputs.Length)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, $"carries {inputs.Length} values, and its body '{body.Signature.Name}' returns {body.Signature.OutputArg.Count}");
        }
        if (cond.Signature.OutputArg.Count != 1)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, $"has the condition '{cond.Signature.Name}', which returns {cond.Signature.OutputArg.Count} values instead of one");
        }
        var program = ctx.Program;
        var arguments = new Symbol[inputs.Length];
        var carried = new List<int>();
        for (var j = 0; j < inputs.Length; j++)
        {
            if (FunctionBodies.ReturnsArgument(body, j))
            {
                arguments[j] = inputs[j];
                continue;
            }
            var x = inputs[j];
            var slot = program.AddTemporary(x.DType, x.Dims);
            program.AddStep(ProgramKernels.Copy, slot, new[] { program.ValueOf(x, ctx.Node.Name) });
            arguments[j] = Symbol.HeldIn(x, slot);
            carried.Add(j);
        }
        var loopStep = program.StepCount;
        program.OpenLoop(ctx.Node.Name);
        var condition = ctx.Functions.Compile(ctx, "cond", arguments)[0];
        program.BreakUnless(Predicate(ctx, condition, "condition"));
        var bodyStorages = program.StorageMark;
        var results = ctx.Functions.Compile(ctx, "body", arguments);
        foreach (var j in carried)
        {
            if (results[j].DType != arguments[j].DType || !results[j].Dims.SequenceEqual(arguments[j].Dims) || !Symbol.SameKind(results[j], arguments[j]))
            {
                throw ctx.Fail(GraphCompileException.BadShape,
                    $"carries value {j} as {arguments[j].DType} {arguments[j].ShapeText}, and its body '{body.Signature.Name}' returns it as {results[j].DType} {results[j].ShapeText}; a loop's carried values keep their dtype and shape (TensorFlow's default shape invariants)");
            }
        }
        program.HandBack(carried.Select(j => arguments[j].Value).ToArray(), carried.Select(j => program.ValueOf(results[j], ctx.Node.Name)).ToArray(), loopStep, bodyStorages);
        program.Close();
        return arguments;
    }

    private static Symbol[] If(OpContext ctx)
    {
        var predicate = ctx.Input(0);
        var arguments = ctx.Inputs.Skip(1).ToArray();
        var (thenFunction, _) = ctx.Functions.Named(ctx, "then_branch");
        var (elseFunction, _) = ctx.Functions.Named(ctx, "else_branch");
        if (thenFunction.Signature.OutputArg.Count != elseFunction.Signature.OutputArg.Count)
        {
            throw ctx.Fail(GraphCompileException.MissingInput,
                $"has branches returning {thenFunction.Signature.OutputArg.Count} ('{thenFunction.Signature.Name}') and {elseFunction.Signature.OutputArg.Count} ('{elseFunction.Signature.Name}') values");
        }
        if (Known(ctx, predicate) is { } taken)
        {
            return ctx.Functions.Compile(ctx, taken ? "then_branch" : "else_branch", arguments);
        }
        var program = ctx.Program;
        program.OpenBranch(Predicate(ctx, predicate, "predicate"), ctx.Node.Name);
        var thenStorages = program.StorageMark;
        var thenResults = ctx.Functions.Compile(ctx, "then_branch", arguments);
        var outputs = thenResults.Select(r => Symbol.Runtime(r.DType, r.Dims, program.AddTemporary(r.DType, r.Dims))).ToArray();
        program.Deliver(outputs.Select(o => o.Value).ToArray(), thenResults.Select(r => program.ValueOf(r, ctx.Node.Name)).ToArray(), thenStorages);
        program.Else();
        var elseStorages = program.StorageMark;
        var elseResults = ctx.Functions.Compile(ctx, "else_branch", arguments);
        for (var j = 0; j < outputs.Length; j++)
        {
            if (elseResults[j].DType != outputs[j].DType || !elseResults[j].Dims.SequenceEqual(outputs[j].Dims))
            {
                throw ctx.Fail(GraphCompileException.BadShape,
                    $"returns output {j} as {outputs[j].DType} {outputs[j].ShapeText} from its then_branch and as {elseResults[j].DType} {elseResults[j].ShapeText} from its else_branch; both branches must agree");
            }
        }
        program.Deliver(outputs.Select(o => o.Value).ToArray(), elseResults.Select(r => program.ValueOf(r, ctx.Node.Name)).ToArray(), elseStorages);
        program.Close();
        return outputs;
    }

    /// <summary>A predicate known at build time: its one value; null when it is computed at run time.</summary>
    private static bool? Known(OpContext ctx, Symbol predicate)
    {
        if (!predicate.IsConstant)
        {
            return null;
        }
        var count = predicate.Ints?.Length ?? predicate.Floats!.Length;
        if (count != 1)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"branches on a predicate of shape {predicate.ShapeText}; it must hold one value");
        }
        return predicate.Ints is { } ints ? ints[0] != 0 : predicate.Floats![0] != 0;
    }

    /// <summary>The value a loop's break or a branch tests: a bool of one element.</summary>
    private static int Predicate(OpContext ctx, Symbol value, string what)
    {
        if (value.DType != ProgramDTypes.Bool || value.IsBatched || value.RowLength != 1)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has a {what} of {value.DType} {value.ShapeText}; it must be one bool");
        }
        return ctx.Program.ValueOf(value, ctx.Node.Name);
    }
}
