using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Functions;

/// <summary>
/// Turns a function body's tensor reference <c>node:output_arg:index</c> into the node's flat
/// output index, which needs the op's output arguments and how many tensors each holds. Ops whose
/// outputs are one argument (almost all) map the index unchanged; the ops with several output
/// arguments that inference graphs meet are listed here; an unknown op read through two
/// different argument names cannot be mapped and is an error rather than a guess.
/// </summary>
internal static class OutputArgs
{
    /// <summary>Output arguments in order: name, and the attribute giving its count (a number, or a type list); null for one tensor.</summary>
    private static readonly Dictionary<string, (string Name, string? Count)[]> Known = new(StringComparer.Ordinal)
    {
        ["FusedBatchNorm"] = Singles("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"),
        ["FusedBatchNormV2"] = Singles("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"),
        ["FusedBatchNormV3"] = Singles("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2", "reserve_space_3"),
        ["Unique"] = Singles("y", "idx"),
        ["UniqueV2"] = Singles("y", "idx"),
        ["UniqueWithCounts"] = Singles("y", "idx", "count"),
        ["TopKV2"] = Singles("values", "indices"),
        ["Switch"] = Singles("output_false", "output_true"),
        ["Merge"] = Singles("output", "value_index"),
        ["BroadcastGradientArgs"] = Singles("r0", "r1"),
        ["CudnnRNN"] = Singles("output", "output_h", "output_c", "reserve_space"),
        ["CudnnRNNV2"] = Singles("output", "output_h", "output_c", "reserve_space", "host_reserved"),
        ["CudnnRNNV3"] = Singles("output", "output_h", "output_c", "reserve_space", "host_reserved"),
        ["ParseExample"] = new (string, string?)[] { ("sparse_indices", "Nsparse"), ("sparse_values", "sparse_types"), ("sparse_shapes", "Nsparse"), ("dense_values", "Tdense") },
        ["ParseExampleV2"] = new (string, string?)[]
        {
            ("sparse_indices", "num_sparse"), ("sparse_values", "sparse_types"), ("sparse_shapes", "num_sparse"),
            ("dense_values", "Tdense"), ("ragged_values", "ragged_value_types"), ("ragged_row_splits", "ragged_split_types"),
        },
    };

    /// <summary>The flat output index of <paramref name="producer"/>'s argument <paramref name="arg"/>, element <paramref name="index"/>; null when the op is not known to have several output arguments.</summary>
    /// <param name="producer">The node, attributes already resolved.</param>
    /// <param name="signature">The signature when the node calls a library function directly (its op is the function's name).</param>
    public static int? FlatIndex(NodeDef producer, OpDef? signature, string arg, int index)
    {
        if (signature is not null)
        {
            var offset = 0;
            foreach (var output in signature.OutputArg)
            {
                if (output.Name == arg)
                {
                    return offset + index;
                }
                offset += ArgumentLists.Types(output, producer.Attr, signature.Name).Length;
            }
            return null;
        }
        if (!Known.TryGetValue(producer.Op, out var args))
        {
            return index;
        }
        var flat = 0;
        foreach (var (name, count) in args)
        {
            if (name == arg)
            {
                return flat + index;
            }
            flat += count is null ? 1 : Count(producer, count);
        }
        return null;
    }

    /// <summary>Whether the op's outputs are one argument, so every reference must use the same argument name.</summary>
    public static bool IsKnown(string op) => Known.ContainsKey(op);

    private static int Count(NodeDef node, string attribute) =>
        node.Attr.TryGetValue(attribute, out var value)
            ? value.ValueCase == AttrValue.ValueOneofCase.List ? value.List.Type.Count : (int)Math.Clamp(value.I, 0, int.MaxValue)
            : 0;

    private static (string, string?)[] Singles(params string[] names) => names.Select(n => (n, (string?)null)).ToArray();
}
