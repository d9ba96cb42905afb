using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Diffing;

/// <summary>How two checkpoints differ, variable by variable, matched by stored key.</summary>
/// <param name="Added">Variables only B has.</param>
/// <param name="Removed">Variables only A has.</param>
/// <param name="Changed">Variables both have with a different dtype or shape: A's, then B's.</param>
/// <param name="Compared">Variables both have with the same dtype and shape, and how their values compare.</param>
/// <param name="Incomparable">Variables both have whose dtype stores no value (resource, variant).</param>
internal sealed record CheckpointDiff(
    IReadOnlyList<CheckpointVariable> Added,
    IReadOnlyList<CheckpointVariable> Removed,
    IReadOnlyList<(CheckpointVariable A, CheckpointVariable B)> Changed,
    IReadOnlyList<VariableComparison> Compared,
    IReadOnlyList<CheckpointVariable> Incomparable)
{
    /// <summary>Whether the checkpoints hold the same keys, dtypes, shapes and bytes.</summary>
    public bool IsIdentical => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0 && Compared.All(c => c.Identical);

    /// <summary>Compares every variable of <paramref name="a"/> and <paramref name="b"/>; <paramref name="progress"/> receives A's bytes compared so far.</summary>
    public static CheckpointDiff Compute(Checkpoint a, Checkpoint b, IProgress<long>? progress)
    {
        var inB = b.Variables.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var inA = new HashSet<string>(a.Variables.Select(v => v.Name), StringComparer.Ordinal);
        var changed = new List<(CheckpointVariable, CheckpointVariable)>();
        var compared = new List<VariableComparison>();
        var incomparable = new List<CheckpointVariable>();
        long done = 0;
        foreach (var left in a.Variables)
        {
            if (inB.TryGetValue(left.Name, out var right))
            {
                if (left.DataType != right.DataType || !left.Shape.Equals(right.Shape))
                {
                    changed.Add((left, right));
                }
                else if (left.DataType != TensorDataType.String && !TensorDataTypes.IsFixedSize(left.DataType))
                {
                    incomparable.Add(left);
                }
                else
                {
                    compared.Add(VariableComparison.Compare(a, b, left));
                }
            }
            done += Math.Max(0, left.Size);
            progress?.Report(done);
        }
        return new CheckpointDiff(
            b.Variables.Where(v => !inA.Contains(v.Name)).ToList(),
            a.Variables.Where(v => !inB.ContainsKey(v.Name)).ToList(),
            changed,
            compared,
            incomparable);
    }
}
