using System.Globalization;
using CheckpointGen.Runtime;
using Spectre.Console;

namespace CheckpointGen.Tool.Output.Tables;

/// <summary>
/// The listing of <c>inspect</c> without <c>--json</c>: name, dtype, shape, size and kind of each
/// tensor, as a drawn table on a terminal and as aligned plain columns otherwise.
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
        var sizeColumn = Array.IndexOf(headers, "SIZE");
        var rows = variables.Select(v => Cells(v, showVariable, console.IsTerminal)).ToList();
        var footer = $"{variables.Count} tensors, {VariableText.TotalBytes(variables).ToString(console.IsTerminal ? "N0" : "D", CultureInfo.InvariantCulture)} bytes";
        if (console.IsTerminal)
        {
            WriteTable(console.Ansi, headers, rows, sizeColumn, footer);
        }
        else
        {
            WritePlain(console.Out, headers, rows, sizeColumn, footer);
        }
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

    private static void WriteTable(IAnsiConsole ansi, string[] headers, List<string[]> rows, int sizeColumn, string footer)
    {
        var table = new Table { Border = TableBorder.Rounded, Caption = new TableTitle(footer) };
        for (var c = 0; c < headers.Length; c++)
        {
            var column = new TableColumn(new Text(headers[c], new Style(decoration: Decoration.Bold)));
            table.AddColumn(c == sizeColumn ? column.RightAligned() : column);
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)));
        }
        ansi.Write(table);
    }

    private static void WritePlain(TextWriter output, string[] headers, List<string[]> rows, int sizeColumn, string footer)
    {
        var widths = headers.Select((header, c) => rows.Select(r => r[c].Length).Append(header.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(headers))
        {
            var cells = row.Select((cell, c) => c == sizeColumn ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
        output.WriteLine(footer);
    }
}
