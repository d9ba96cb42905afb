using System.Globalization;
using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Output;

/// <summary>How a variable's facts read in every output: the JSON contract and the tables.</summary>
internal static class VariableText
{
    /// <summary><c>trainable</c>, <c>model</c>, <c>optimizer</c> or <c>bookkeeping</c>.</summary>
    public static string Kind(VariableKind kind) => kind switch
    {
        VariableKind.Trainable => "trainable",
        VariableKind.Model => "model",
        VariableKind.Optimizer => "optimizer",
        VariableKind.Bookkeeping => "bookkeeping",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The real variable name where a graph gives one, else the stored key.</summary>
    public static string VariableName(CheckpointVariable variable) => variable.VariableName ?? variable.Name;

    /// <summary>A byte count, or <c>-</c> where the format records none (V1, partitioned).</summary>
    public static string Size(long size) => size < 0 ? "-" : size.ToString(CultureInfo.InvariantCulture);

    /// <summary>The bytes the listed tensors occupy in their data files.</summary>
    public static long TotalBytes(IEnumerable<CheckpointVariable> variables)
    {
        // A loop, not Enumerable.Sum: its generic-math instantiation is JIT compiled at every start.
        long total = 0;
        foreach (var variable in variables)
        {
            total += Math.Max(0, variable.Size);
        }
        return total;
    }
}
