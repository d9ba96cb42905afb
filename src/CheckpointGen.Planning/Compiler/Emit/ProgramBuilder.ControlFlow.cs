using CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Planning.Compiler.Emit;

/// <summary>
/// Loops and branches: the control records around steps, and how a loop's carried values and a
/// branch's outputs get their values without a copy where the storage allows.
/// </summary>
internal sealed partial class ProgramBuilder
{
    /// <summary>A program of more steps (loop bodies and branches counted once) is refused: a small graph nesting many loops must not grow without bound.</summary>
    public const int MaxSteps = 200_000;

    private readonly List<PlanControl> _controls = new();
    private readonly Stack<(string Kind, int Control)> _open = new();

    /// <summary>Steps added so far: the index of the next one.</summary>
    public int StepCount => _steps.Count;

    /// <summary>Storages made so far: a storage numbered from this on is made inside what follows.</summary>
    public int StorageMark => _storages.Count;

    /// <summary>Opens a loop around the steps that follow (the condition's, then the body's).</summary>
    public void OpenLoop(string node) => Open(PlanControl.Loop, -1, node);

    /// <summary>Leaves the loop unless the bool <paramref name="value"/> is true: the condition, checked before each iteration.</summary>
    public void BreakUnless(int value) => _controls.Add(new PlanControl(_steps.Count, PlanControl.Break, value, string.Empty));

    /// <summary>Opens a branch whose steps run when the bool <paramref name="value"/> is true.</summary>
    public void OpenBranch(int value, string node) => Open(PlanControl.If, value, node);

    /// <summary>The branch's steps for a false value follow.</summary>
    public void Else() => _controls.Add(new PlanControl(_steps.Count, PlanControl.Else, -1, string.Empty));

    /// <summary>Closes the innermost loop or branch; a loop's invariant products move out of it (<see cref="HoistInvariantProducts"/>).</summary>
    public void Close()
    {
        var (kind, control) = _open.Pop();
        _controls.Add(new PlanControl(_steps.Count, PlanControl.End, -1, string.Empty));
        if (kind == PlanControl.Loop)
        {
            HoistInvariantProducts(control, _controls.Count - 1);
        }
    }

    /// <summary>
    /// Ends a loop body: carried value j (a slot value made before the loop) takes the body's
    /// result j. A result that is the carried value itself (passed through, or updated in place by
    /// a step writing its storage) costs nothing; a result computed in the body into a storage of
    /// its own, written only after the body's last read of the carried value, is computed straight
    /// into the carried storage instead; any other result is copied at the end of the body, through
    /// a temporary when it is another carried value (a swap must read the old values).
    /// </summary>
    /// <param name="carried">The carried values.</param>
    /// <param name="results">The body's results, in the same order.</param>
    /// <param name="loopStep">The first step of the loop (the condition's).</param>
    /// <param name="bodyStorages">The <see cref="StorageMark"/> when the body began.</param>
    public void HandBack(int[] carried, int[] results, int loopStep, int bodyStorages)
    {
        var carriedStorages = carried.Select(c => _values[c].Storage).ToArray();
        var resultStorages = results.Select(r => _values[r].Storage).ToArray();
        var copies = new List<(int Carried, int Result)>();
        for (var j = 0; j < carried.Length; j++)
        {
            var (target, source) = (carriedStorages[j], resultStorages[j]);
            if (source == target)
            {
                continue;
            }
            var readAtEnd = resultStorages.Where((s, k) => k != j && s == target).Any();
            var sharedSource = resultStorages.Where((s, k) => k != j && s == source).Any();
            if (source >= bodyStorages && _storages[source].Kind == PlanValue.SlotKind && !readAtEnd && !sharedSource
                && LastRead(target, loopStep) < FirstUse(source, loopStep))
            {
                Merge(source, target);
                continue;
            }
            copies.Add((j, results[j]));
        }
        var staged = copies.Select(c => carriedStorages.Contains(_values[c.Result].Storage) ? StagedCopy(c.Result) : c.Result).ToArray();
        for (var i = 0; i < copies.Count; i++)
        {
            AddStep(ProgramKernels.Copy, carried[copies[i].Carried], new[] { staged[i] });
        }
    }

    /// <summary>
    /// Ends one part of a branch: output j (a slot value made before the branch) takes result j. A
    /// result computed in this part into a storage of its own is computed straight into the output's
    /// storage; any other is copied.
    /// </summary>
    public void Deliver(int[] outputs, int[] results, int partStorages)
    {
        var resultStorages = results.Select(r => _values[r].Storage).ToArray();
        for (var j = 0; j < outputs.Length; j++)
        {
            var source = resultStorages[j];
            if (source >= partStorages && _storages[source].Kind == PlanValue.SlotKind && resultStorages.Count(s => s == source) == 1)
            {
                Merge(source, _values[outputs[j]].Storage);
            }
            else
            {
                AddStep(ProgramKernels.Copy, outputs[j], new[] { results[j] });
            }
        }
    }

    private void Open(string kind, int value, string node)
    {
        if (_open.Count >= PlanControl.MaxDepth)
        {
            throw Fail(GraphCompileException.ControlFlowLimit, $"nests loops and branches deeper than {PlanControl.MaxDepth} levels");
        }
        _open.Push((kind, _controls.Count));
        _controls.Add(new PlanControl(_steps.Count, kind, value, node));
    }

    private int StagedCopy(int value)
    {
        var temporary = AddTemporary(_values[value].DType, _values[value].Dims);
        AddStep(ProgramKernels.Copy, temporary, new[] { value });
        return temporary;
    }

    /// <summary>Every value held in <paramref name="from"/> is held in <paramref name="to"/> instead.</summary>
    private void Merge(int from, int to)
    {
        for (var i = 0; i < _values.Count; i++)
        {
            if (_values[i].Storage == from)
            {
                _values[i] = _values[i] with { Storage = to };
            }
        }
    }

    /// <summary>The last step from <paramref name="start"/> on that reads <paramref name="storage"/> (a loop's break tests count), or -1.</summary>
    private int LastRead(int storage, int start)
    {
        var last = -1;
        for (var i = start; i < _steps.Count; i++)
        {
            if (_steps[i].Inputs.Any(v => _values[v].Storage == storage))
            {
                last = i;
            }
        }
        foreach (var c in _controls.Where(c => c.At >= start && c.Value >= 0 && _values[c.Value].Storage == storage))
        {
            last = Math.Max(last, c.At);
        }
        return last;
    }

    /// <summary>The first step from <paramref name="start"/> on that reads or writes <paramref name="storage"/>.</summary>
    private int FirstUse(int storage, int start)
    {
        for (var i = start; i < _steps.Count; i++)
        {
            if (_values[_steps[i].Output].Storage == storage || _steps[i].Inputs.Any(v => _values[v].Storage == storage))
            {
                return i;
            }
        }
        return int.MaxValue;
    }

    /// <summary>Each loop's first and end positions (steps of its body lie in between).</summary>
    private List<(int Start, int End)> LoopRanges()
    {
        var ranges = new List<(int, int)>();
        var open = new Stack<(string Kind, int At)>();
        foreach (var c in _controls)
        {
            switch (c.Kind)
            {
                case PlanControl.Loop:
                case PlanControl.If:
                    open.Push((c.Kind, c.At));
                    break;
                case PlanControl.End:
                    var (kind, at) = open.Pop();
                    if (kind == PlanControl.Loop)
                    {
                        ranges.Add((at, c.At));
                    }
                    break;
            }
        }
        return ranges;
    }
}
