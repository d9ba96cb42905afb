using System.Numerics.Tensors;

namespace CheckpointGen.Inference.Graphs;

/// <summary>Reductions of compiled graphs: the middle axis of [outer, reduce, inner], allocation-free.</summary>
public static class Reductions
{
    /// <summary>
    /// <c>y[o, i] = op over r of x[o, r, i]</c>; outer is <c>x.Length / (reduce · inner)</c>.
    /// </summary>
    public static void Reduce(ReduceOperator op, ReadOnlySpan<float> x, int reduce, int inner, Span<float> y)
    {
        if (reduce <= 0 || inner <= 0 || x.Length % ((long)reduce * inner) != 0)
            throw new ArgumentException($"{x.Length} elements are not [outer, {reduce}, {inner}].", nameof(x));
        int outer = x.Length / (reduce * inner);
        if (y.Length != outer * inner) throw new ArgumentException($"The destination has {y.Length} elements; [{outer}, {inner}] needs {outer * inner}.", nameof(y));
        for (int o = 0; o < outer; o++)
        {
            var block = x.Slice(o * reduce * inner, reduce * inner);
            var row = y.Slice(o * inner, inner);
            if (inner == 1)
            {
                row[0] = op switch
                {
                    ReduceOperator.Sum => TensorPrimitives.Sum(block),
                    ReduceOperator.Mean => TensorPrimitives.Sum(block) / reduce,
                    ReduceOperator.Max => TensorPrimitives.Max(block),
                    ReduceOperator.Min => TensorPrimitives.Min(block),
                    _ => TensorPrimitives.Product(block),
                };
                continue;
            }
            block.Slice(0, inner).CopyTo(row);
            for (int r = 1; r < reduce; r++)
            {
                var next = block.Slice(r * inner, inner);
                switch (op)
                {
                    case ReduceOperator.Sum:
                    case ReduceOperator.Mean: TensorPrimitives.Add(row, next, row); break;
                    case ReduceOperator.Max: TensorPrimitives.Max(row, next, row); break;
                    case ReduceOperator.Min: TensorPrimitives.Min(row, next, row); break;
                    default: TensorPrimitives.Multiply(row, next, row); break;
                }
            }
            if (op == ReduceOperator.Mean) TensorPrimitives.Divide(row, reduce, row);
        }
    }
}
