using Spectre.Console;

namespace CheckpointGen.Tool.Output.Tables;

/// <summary>
/// Rows of cells under headers: a drawn table on a terminal, aligned plain columns otherwise
/// (two spaces apart, so scripts can split them), with a footer line either way.
/// </summary>
internal static class TextTable
{
    /// <param name="console">Where to write.</param>
    /// <param name="headers">Column titles.</param>
    /// <param name="rows">The cells, one array per row, as many as there are headers.</param>
    /// <param name="footer">A summary line under the table.</param>
    /// <param name="rightAligned">Columns of numbers, aligned right.</param>
    public static void Write(CliConsole console, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, string footer, params int[] rightAligned)
    {
        if (console.IsTerminal)
        {
            WriteTable(console.Ansi, headers, rows, footer, rightAligned);
        }
        else
        {
            WritePlain(console.Out, headers, rows, footer, rightAligned);
        }
    }

    private static void WriteTable(IAnsiConsole ansi, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, string footer, int[] rightAligned)
    {
        var table = new Table { Border = TableBorder.Rounded, Caption = new TableTitle(footer) };
        for (var c = 0; c < headers.Count; c++)
        {
            var column = new TableColumn(new Text(headers[c], new Style(decoration: Decoration.Bold)));
            table.AddColumn(rightAligned.Contains(c) ? column.RightAligned() : column);
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)));
        }
        ansi.Write(table);
    }

    private static void WritePlain(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, string footer, int[] rightAligned)
    {
        var widths = headers.Select((header, c) => rows.Select(r => r[c].Length).Append(header.Length).Max()).ToArray();
        foreach (var row in rows.Prepend(headers.ToArray()))
        {
            var cells = row.Select((cell, c) => rightAligned.Contains(c) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells).TrimEnd());
        }
        output.WriteLine(footer);
    }
}
