using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Compiler.Emit;
using CheckpointGen.Planning.Compiler.Functions;

namespace CheckpointGen.Planning.Compiler.Ops;

/// <summary>
/// TF2 control flow as C# control flow, the way tfcompile keeps it: <c>While</c>/<c>StatelessWhile</c>
/// becomes a <c>while</c> loop (condition, break, body, carried values handed back) whose functions
/// compile once, never unrolled; <c>If</c>/<c>StatelessIf</c> picks its branch at build time when the
/// predicate is known (Keras' smart_cond), else becomes <c>if</c>/<c>else</c>; <c>Case</c>/<c>StatelessCase</c> likewise.
/// </summary>
internal static class ControlFlowOps
{
    public static void Register(Dictionary<string, Func<OpContext, Symbol[]>> table)
    {
        table["While"] = While;
        table["StatelessWhile"] = While;
        table["If"] = If;
        table["StatelessIf"] = If;
        table["Case"] = Case;
        table["StatelessCase"] = Case;
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
        var (cond, condCall) = ctx.Functions.Named(ctx, "cond");
        var (body, bodyCall) = ctx.Functions.Named(ctx, "body");
        var bodyOutputs = FunctionBodies.OutputCount(body, bodyCall);
        if (bodyOutputs != inputs.Length)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, $"carries {inputs.Length} values, and its body '{body.Signature.Name}' returns {bodyOutputs}");
        }
        var condOutputs = FunctionBodies.OutputCount(cond, condCall);
        if (condOutputs != 1)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, $"has the condition '{cond.Signature.Name}', which returns {condOutputs} values instead of one");
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
            if (arguments[j].List is { } before && results[j].List is { } after && before.Count != after.Count)
            {
                throw ctx.Fail(GraphCompileException.UnknownTensorList,
                    $"carries a list of {before.Count} items as value {j}, which its body '{body.Signature.Name}' makes {after.Count}: the list grows or shrinks with the iterations; this version needs every list's item count known at build time (TensorArray with dynamic_size, or a fixed size)");
            }
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
        var arguments = BranchArguments(ctx);
        var branches = new[] { ("then_branch", ctx.Functions.Named(ctx, "then_branch").Call), ("else_branch", ctx.Functions.Named(ctx, "else_branch").Call) };
        SameArity(ctx, branches);
        if (Known(ctx, predicate) is { } taken)
        {
            return ctx.Functions.Compile(ctx, taken ? "then_branch" : "else_branch", arguments);
        }
        ctx.Program.OpenBranch(Predicate(ctx, predicate, "predicate"), ctx.Node.Name);
        Symbol[]? outputs = null;
        Part(ctx, branches[0], arguments, ref outputs);
        ctx.Program.Else();
        Part(ctx, branches[1], arguments, ref outputs);
        ctx.Program.Close();
        return outputs!;
    }

    /// <summary>
    /// Case/StatelessCase: branch <c>index</c> of <c>branches</c> (an index out of range runs the
    /// last, as TensorFlow does); known at build time, only that branch compiles; otherwise
    /// <c>if (index == 0) … else if (index == 1) … else last</c>, nested one level per branch.
    /// </summary>
    private static Symbol[] Case(OpContext ctx)
    {
        var index = ctx.Input(0);
        var arguments = BranchArguments(ctx);
        if (!ctx.Node.Attr.TryGetValue("branches", out var attribute) || attribute.List is not { Func.Count: > 0 } list)
        {
            throw ctx.Fail(GraphCompileException.MissingInput, "has no functions in its 'branches' attribute");
        }
        var branches = list.Func.Select((call, k) => ($"branch{k}", call)).ToArray();
        SameArity(ctx, branches);
        if (index.Ints is { } known)
        {
            var k = known.Length == 1 && known[0] >= 0 && known[0] < branches.Length ? (int)known[0] : branches.Length - 1;
            return ctx.Functions.Compile(ctx, branches[k].Item1, branches[k].Item2, arguments);
        }
        if (index.IsSpecial || index.DType != ProgramDTypes.Int32 || index.IsBatched || index.RowLength != 1)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has a branch index of {index.DType} {index.ShapeText}; it must be one int32");
        }
        var program = ctx.Program;
        Symbol[]? outputs = null;
        for (var k = 0; k < branches.Length - 1; k++)
        {
            var test = program.AddTemporary(ProgramDTypes.Bool, Array.Empty<long>());
            var literal = program.ValueOf(Symbol.Constant(ProgramDTypes.Int32, new long[] { k }, Array.Empty<long>()), ctx.Node.Name);
            program.AddStep(ProgramKernels.Compare, test, new[] { index.Value, literal }, ("op", "Equal"), ("a", "same"), ("b", "same"), ("inner", "1"));
            program.OpenBranch(test, ctx.Node.Name);
            Part(ctx, branches[k], arguments, ref outputs);
            program.Else();
        }
        Part(ctx, branches[^1], arguments, ref outputs);
        for (var k = 0; k < branches.Length - 1; k++)
        {
            program.Close();
        }
        return outputs!;
    }

    /// <summary>
    /// Compiles one branch where the program stands and hands its results to the outputs: the
    /// first branch compiled decides the outputs' dtypes and shapes (slots made here), every other
    /// must agree.
    /// </summary>
    private static void Part(OpContext ctx, (string Role, Protos.NameAttrList Call) branch, Symbol[] arguments, ref Symbol[]? outputs)
    {
        var program = ctx.Program;
        var storages = program.StorageMark;
        var results = ctx.Functions.Compile(ctx, branch.Role, branch.Call, arguments);
        outputs ??= results.Select(r => Symbol.HeldIn(r, program.AddTemporary(r.DType, r.Dims))).ToArray();
        for (var j = 0; j < outputs.Length; j++)
        {
            if (results[j].DType != outputs[j].DType || !results[j].Dims.SequenceEqual(outputs[j].Dims) || !Symbol.SameKind(results[j], outputs[j]))
            {
                throw ctx.Fail(GraphCompileException.BadShape,
                    $"returns output {j} as {Describe(outputs[j])} from one branch and as {Describe(results[j])} from its {branch.Role}; every branch must agree");
            }
        }
        program.Deliver(outputs.Select(o => o.Value).ToArray(), results.Select(r => program.ValueOf(r, ctx.Node.Name)).ToArray(), storages);
    }

    /// <summary>
    /// What a branch receives: the node's inputs after the predicate or index, a TensorList marked
    /// shared so that a branch writing into it writes into its own copy (the caller's list keeps its
    /// value for every other reader, as TensorFlow's lists are values).
    /// </summary>
    private static Symbol[] BranchArguments(OpContext ctx) =>
        ctx.Inputs.Skip(1).Select(a => a.List is { } list ? Symbol.TensorList(a.DType, a.Dims, a.Value, list with { Shared = true }) : a).ToArray();

    private static string Describe(Symbol s) =>
        s.List is { } list ? $"a list of {list.Count} {s.DType} items of [{TensorListOps.Text(list.ItemDims)}]"
        : s.BatchSecond ? $"a time-major {s.DType} {s.ShapeText}" : $"{s.DType} {s.ShapeText}";

    private static void SameArity(OpContext ctx, (string Role, Protos.NameAttrList Call)[] branches)
    {
        var counts = branches.Select(b => FunctionBodies.OutputCount(ctx.Functions.Function(ctx, b.Role, b.Call), b.Call)).ToArray();
        if (counts.Distinct().Count() > 1)
        {
            throw ctx.Fail(GraphCompileException.MissingInput,
                $"has branches returning different numbers of values ({string.Join(", ", branches.Select((b, k) => $"{b.Role} '{b.Call.Name}': {counts[k]}"))})");
        }
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
        if (value.IsSpecial || value.DType != ProgramDTypes.Bool || value.IsBatched || value.RowLength != 1)
        {
            throw ctx.Fail(GraphCompileException.BadShape, $"has a {what} of {value.DType} {value.ShapeText}; it must be one bool");
        }
        return ctx.Program.ValueOf(value, ctx.Node.Name);
    }
}
