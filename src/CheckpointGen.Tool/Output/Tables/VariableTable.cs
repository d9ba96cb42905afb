using System.Globalization;
using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Output.Tables;

/// <summary>
/// The listing of <c>inspect</c> without <c>--json</c>: name, dtype, shape, size and kind of each
/// tensor (see <see cref="TextTable"/>).
/// </summary>
internal static class VariableTable
{
    public static void Write(CliConsole console, IReadOnlyList<CheckpointVariable> variables)
    {
        // The real-name column only earns its width when a graph renamed something.
        var showVariable = variables.Any(v => VariableText.VariableName(v) != v.Name);
        var headers = showVariable
            ? new[] { "NAME", "VARIABLE", "DTYPE", "SHAPE", "SIZE", "KIND" }
            : new[] { "NAME", "DTYPE", "SHAPE", "SIZE", "KIND" };
        var rows = variables.Select(v => Cells(v, showVariable, console.IsTerminal)).ToList();
        var footer = $"{variables.Count} tensors, {VariableText.TotalBytes(variables).ToString(console.IsTerminal ? "N0" : "D", CultureInfo.InvariantCulture)} bytes";
        TextTable.Write(console, headers, rows, footer, Array.IndexOf(headers, "SIZE"));
    }

    private static string[] Cells(CheckpointVariable v, bool showVariable, bool groupDigits)
    {
        var size = v.Size < 0 || !groupDigits ? VariableText.Size(v.Size) : v.Size.ToString("N0", CultureInfo.InvariantCulture);
        var cells = new List<string> { v.Name };
        if (showVariable)
        {
            cells.Add(VariableText.VariableName(v));
        }
        cells.AddRange(new[] { TensorDataTypes.Name(v.DataType), v.Shape.ToString(), size, VariableText.Kind(v.Kind) });
        return cells.ToArray();
    }
}
