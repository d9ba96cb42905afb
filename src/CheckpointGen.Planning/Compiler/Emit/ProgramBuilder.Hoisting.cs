using System.Globalization;
using CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Planning.Compiler.Emit;

/// <summary>
/// Loop-invariant products: a loop that reads item i of a list it never writes and multiplies it by
/// a constant matrix (a recurrent layer's input projection, x_t · kernel) multiplies every item
/// once before the loop instead, one GEMM over all the list's rows into a list of products, and
/// reads item i of that list where it read the item. Each element is the same dot product (plus the
/// same fused bias and activation), summed in the GEMM's order: only the number of rows per call changes.
/// </summary>
internal sealed partial class ProgramBuilder
{
    /// <summary>
    /// Moves out of the loop between controls <paramref name="loopControl"/> and
    /// <paramref name="endControl"/> every <see cref="ProgramKernels.MatMul"/> whose left operand is,
    /// alone, <see cref="ProgramKernels.ListGetItem"/> of a list no step of the loop writes, at the
    /// loop's counter (an int32 set to a constant before the loop, incremented by one per iteration,
    /// and bounded by the condition to the list's items: every item is read once, so the GEMM over
    /// all of them is no wasted work). Anything else is left as it is.
    /// </summary>
    private void HoistInvariantProducts(int loopControl, int endControl)
    {
        while (FindInvariantProduct(loopControl, endControl) is var (get, product) && get >= 0)
        {
            Hoist(loopControl, get, product);
        }
    }

    /// <summary>The positions of the first item read and product <see cref="HoistInvariantProducts"/> may move; -1 when none.</summary>
    private (int Get, int Product) FindInvariantProduct(int loopControl, int endControl)
    {
        int start = _controls[loopControl].At, end = _controls[endControl].At;
        var own = OwnLevel(loopControl, endControl);
        for (var p = start; p < end; p++)
        {
            var get = _steps[p];
            if (get.Kernel != ProgramKernels.ListGetItem || !own[p - start] || WrittenIn(_values[get.Inputs[0]].Storage, start, end)
                || !IsCounter(_values[get.Inputs[1]].Storage, long.Parse(get["count"], CultureInfo.InvariantCulture), loopControl, endControl, own))
            {
                continue;
            }
            var item = _values[get.Output].Storage;
            var readers = Enumerable.Range(0, _steps.Count).Where(i => _steps[i].Inputs.Any(v => _values[v].Storage == item)).ToArray();
            if (readers is not [var q] || q < p || q >= end || !own[q - start] || _steps[q] is not { Kernel: ProgramKernels.MatMul } product
                || _values[product.Inputs[0]].Storage != item || product.Inputs.Skip(1).Any(v => _values[v].Storage == item || WrittenIn(_values[v].Storage, start, end))
                || product["transposeA"] != "false" || _values[get.Inputs[0]].Dims[^1] != long.Parse(product["k"], CultureInfo.InvariantCulture)
                || Enumerable.Range(0, _steps.Count).Any(i => i != p && _values[_steps[i].Output].Storage == item)
                || _controls.Any(c => (c.At > p && c.At <= q) || (c.Value >= 0 && _values[c.Value].Storage == item)))
            {
                continue;
            }
            var result = _values[product.Output].Storage;
            if (Enumerable.Range(p + 1, q - p - 1).Any(i => _values[_steps[i].Output].Storage == result || _steps[i].Inputs.Any(v => _values[v].Storage == result)))
            {
                continue;
            }
            return (p, q);
        }
        return (-1, -1);
    }

    /// <summary>
    /// The product of every item, made before the loop; the item read becomes a read of that list,
    /// written where the product was; the product's step goes.
    /// </summary>
    private void Hoist(int loopControl, int get, int product)
    {
        Step read = _steps[get], multiply = _steps[product];
        var (list, index) = (read.Inputs[0], read.Inputs[1]);
        long k = long.Parse(multiply["k"], CultureInfo.InvariantCulture), n = long.Parse(multiply["n"], CultureInfo.InvariantCulture);
        var products = AddTemporary(ProgramDTypes.Float32, _values[list].Dims.SkipLast(1).Append(n).ToArray());
        var itemLength = long.Parse(read["item"], CultureInfo.InvariantCulture) / k * n;
        _steps[get] = new Step(ProgramKernels.ListGetItem, multiply.Output, new[] { products, index },
            new[] { new PlanAttribute("count", read["count"]), new PlanAttribute("item", itemLength.ToString(CultureInfo.InvariantCulture)), new PlanAttribute("node", read["node"]) });
        // The item's value is read by nothing now; it names the product's row block, so no slot is sized for it.
        _values[read.Output] = _values[multiply.Output];
        _steps.RemoveAt(product);
        Shift(0, product + 1, -1);
        var start = _controls[loopControl].At;
        var hoisted = new Step(ProgramKernels.MatMul, products, multiply.Inputs.Skip(1).Prepend(list).ToArray(), multiply.Attributes.ToArray());
        _steps.Insert(start, hoisted);
        Shift(loopControl, start, 1);
        FoldBias(hoisted, multiply.Output, n);
    }

    /// <summary>
    /// A constant bias added in the loop to the sum of the hoisted product's item and another value
    /// (Keras' LSTM: <c>(x·K + h·R) + b</c>) is added by the hoisted GEMM's epilogue instead
    /// (<c>(x·K + b) + h·R</c>: the same terms in another order), when the sum is read by that
    /// addition alone, right after it (and the item is one operand of the sum, not both).
    /// </summary>
    private void FoldBias(Step hoisted, int item, long width)
    {
        var storage = _values[item].Storage;
        var readers = Enumerable.Range(0, _steps.Count).Where(i => _steps[i].Inputs.Any(v => _values[v].Storage == storage)).ToArray();
        if (hoisted.Inputs.Length != ProgramKernels.FixedInputs(ProgramKernels.MatMul) || hoisted["activation"] != nameof(Inference.Kernels.ActivationKind.None)
            || readers is not [var s] || s + 1 >= _steps.Count || _steps[s] is not { Kernel: ProgramKernels.Binary } sum || _steps[s + 1] is not { Kernel: ProgramKernels.Binary } add
            || sum.Inputs.Count(v => _values[v].Storage == storage) != 1 || sum["op"] != "Add" || sum["a"] != "same" || sum["b"] != "same" || add["op"] != "Add" || add["a"] != "same" || add["b"] != "row"
            || _controls.Any(c => c.At == s + 1 || (c.Value >= 0 && _values[c.Value].Storage == _values[sum.Output].Storage)))
        {
            return;
        }
        var partial = _values[sum.Output].Storage;
        var bias = add.Inputs[1];
        var partialReaders = Enumerable.Range(0, _steps.Count).Where(i => _steps[i].Inputs.Any(v => _values[v].Storage == partial)).ToArray();
        if (_values[add.Inputs[0]].Storage != partial || partialReaders is not [_] || _storages[partial].Kind != PlanValue.SlotKind
            || Enumerable.Range(0, _steps.Count).Count(i => _values[_steps[i].Output].Storage == partial) != 1
            || _storages[_values[bias].Storage].Kind is not (PlanValue.WeightKind or PlanValue.LiteralKind) || _values[bias].Dims is not [var length] || length != width)
        {
            return;
        }
        hoisted.Inputs = hoisted.Inputs.Append(bias).ToArray();
        Merge(partial, _values[add.Output].Storage);
        _steps.RemoveAt(s + 1);
        Shift(0, s + 2, -1);
    }

    /// <summary>Moves every control from index <paramref name="from"/> on that stands at step <paramref name="at"/> or later by <paramref name="by"/> steps.</summary>
    private void Shift(int from, int at, int by)
    {
        for (var c = from; c < _controls.Count; c++)
        {
            if (_controls[c].At >= at)
            {
                _controls[c] = _controls[c] with { At = _controls[c].At + by };
            }
        }
    }

    /// <summary>For each step of the loop, whether it runs once per iteration: not inside a loop or branch nested in it.</summary>
    private bool[] OwnLevel(int loopControl, int endControl)
    {
        int start = _controls[loopControl].At, end = _controls[endControl].At;
        var own = Enumerable.Repeat(true, end - start).ToArray();
        var depth = 0;
        var nestedFrom = 0;
        for (var c = loopControl + 1; c < endControl; c++)
        {
            switch (_controls[c].Kind)
            {
                case PlanControl.Loop or PlanControl.If:
                    nestedFrom = depth++ == 0 ? _controls[c].At : nestedFrom;
                    break;
                case PlanControl.End when --depth == 0:
                    Array.Fill(own, false, nestedFrom - start, _controls[c].At - nestedFrom);
                    break;
            }
        }
        return own;
    }

    private bool WrittenIn(int storage, int start, int end) => Enumerable.Range(start, end - start).Any(i => _values[_steps[i].Output].Storage == storage);

    /// <summary>
    /// Whether <paramref name="storage"/> is the loop's counter over a list of <paramref name="count"/>
    /// items: set to a constant c ≥ 0 right before the loop, incremented by one once per iteration
    /// (in place, or into a value copied back), and the condition stops the loop (Less, possibly
    /// under LogicalAnd) before it passes a constant ≤ <paramref name="count"/>.
    /// </summary>
    private bool IsCounter(int storage, long count, int loopControl, int endControl, bool[] own)
    {
        int start = _controls[loopControl].At, end = _controls[endControl].At;
        var writes = Enumerable.Range(start, end - start).Where(i => _values[_steps[i].Output].Storage == storage).ToArray();
        if (writes is not [var w] || !own[w - start])
        {
            return false;
        }
        var write = _steps[w];
        var incremented = write.Kernel == ProgramKernels.Copy
            ? Enumerable.Range(start, end - start).Where(i => _values[_steps[i].Output].Storage == _values[write.Inputs[0]].Storage).ToArray() is [var add] && own[add - start] && Increments(_steps[add], storage)
            : Increments(write, storage);
        var init = Enumerable.Range(0, start).LastOrDefault(i => _values[_steps[i].Output].Storage == storage, -1);
        if (!incremented || init < 0 || _steps[init].Kernel != ProgramKernels.Copy || Literal(_steps[init].Inputs[0]) is not >= 0
            || _controls.Take(loopControl).Any(c => c.At > init))
        {
            return false;
        }
        var depth = 0;
        for (var c = loopControl + 1; c < endControl; c++)
        {
            var control = _controls[c];
            depth += control.Kind is PlanControl.Loop or PlanControl.If ? 1 : control.Kind == PlanControl.End ? -1 : 0;
            if (depth == 0 && control.Kind == PlanControl.Break)
            {
                return Bounds(control.Value, storage, count, start, control.At, own, 0);
            }
        }
        return false;
    }

    /// <summary>Whether bool <paramref name="value"/>, as the step before <paramref name="before"/> last wrote it, is false once the counter reaches a constant ≤ <paramref name="count"/>.</summary>
    private bool Bounds(int value, int counter, long count, int start, int before, bool[] own, int depth)
    {
        var storage = _values[value].Storage;
        var producer = Enumerable.Range(start, before - start).LastOrDefault(i => _values[_steps[i].Output].Storage == storage, -1);
        if (producer < 0 || !own[producer - start] || depth > 8)
        {
            return false;
        }
        var step = _steps[producer];
        return step.Kernel switch
        {
            ProgramKernels.Compare => step["op"] == "Less" && _values[step.Inputs[0]].Storage == counter && Literal(step.Inputs[1]) is { } limit && limit <= count,
            ProgramKernels.Logical => step["op"] == "And" && step.Inputs.Any(v => Bounds(v, counter, count, start, producer, own, depth + 1)),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="step"/> computes the value in <paramref name="counter"/> plus one.</summary>
    private bool Increments(Step step, int counter) =>
        step.Kernel == ProgramKernels.IntegerBinary && step["op"] == "Add" && _values[step.Output].DType == ProgramDTypes.Int32
        && ((_values[step.Inputs[0]].Storage == counter && Literal(step.Inputs[1]) == 1) || (_values[step.Inputs[1]].Storage == counter && Literal(step.Inputs[0]) == 1));

    /// <summary>The one integer a literal value holds; null for anything else.</summary>
    private long? Literal(int value)
    {
        var storage = _storages[_values[value].Storage];
        return storage.Kind == PlanValue.LiteralKind && _values[value].DType is ProgramDTypes.Int32 or ProgramDTypes.Int64
            && long.TryParse(storage.Argument, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
