using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Diffing;
using CheckpointGen.Tool.Output;
using CheckpointGen.Tool.Output.Json;
using CheckpointGen.Tool.Output.Progress;
using CheckpointGen.Tool.Output.Tables;

namespace CheckpointGen.Tool.Commands;

/// <summary>
/// <c>diff A B [--json]</c>: which variables were added, removed, changed dtype or shape, and
/// how much the values of the rest differ. Exits with <see cref="ExitCodes.Success"/> when the
/// checkpoints are identical and <see cref="ExitCodes.Failed"/> when they differ.
/// </summary>
internal static class DiffCommand
{
    /// <summary>What users type to run it.</summary>
    public const string Name = "diff";

    public static Command Create(CliConsole console)
    {
        var first = CheckpointArgument.Create("A");
        var second = CheckpointArgument.Create("B");
        var json = CommonOptions.Json();
        var command = new Command(Name, "Compare two checkpoints: variables added, removed, changed in dtype or shape, and the largest difference of each one's values.")
        {
            first, second, json,
        };
        command.SetAction(parse => CommandGuard.Run(console, () =>
        {
            using var a = CheckpointArgument.Open(console, parse.GetValue(first)!);
            using var b = CheckpointArgument.Open(console, parse.GetValue(second)!);
            var diff = ProgressDisplay.Run(console, "Comparing", VariableText.TotalBytes(a.Variables), progress => CheckpointDiff.Compute(a, b, progress));
            foreach (var variable in diff.Incomparable)
            {
                console.Warn($"'{variable.Name}' is {TensorDataTypes.Name(variable.DataType)}, which stores no value to compare.");
            }
            CommonOptions.Print(parse.GetValue(json), () => WriteJson(console.Out, a, b, diff), () => WriteText(console, a, b, diff));
            return diff.IsIdentical ? ExitCodes.Success : ExitCodes.Failed;
        }));
        return command;
    }

    private static void WriteText(CliConsole console, Checkpoint a, Checkpoint b, CheckpointDiff diff)
    {
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"A: {a.Location.Prefix} ({a.Variables.Count} variables)"));
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B: {b.Location.Prefix} ({b.Variables.Count} variables)"));
        var identical = diff.Compared.Count(c => c.Identical);
        if (diff.IsIdentical)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Identical: {identical} variables, bit for bit"));
            return;
        }
        var rows = new List<string[]>();
        rows.AddRange(diff.Removed.Select(v => Row("removed", v, string.Empty)));
        rows.AddRange(diff.Added.Select(v => Row("added", v, string.Empty)));
        rows.AddRange(diff.Changed.Select(c => new[]
        {
            "changed", c.A.Name, $"{TensorDataTypes.Name(c.A.DataType)} -> {TensorDataTypes.Name(c.B.DataType)}", $"{c.A.Shape} -> {c.B.Shape}", string.Empty,
        }));
        rows.AddRange(diff.Compared.Where(c => !c.Identical).Select(c => Row("differs", c.Variable, Number(c.MaxAbsoluteDifference))));
        var footer = string.Create(CultureInfo.InvariantCulture,
            $"{identical} identical, {diff.Compared.Count - identical} differ, {diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Changed.Count} changed in dtype or shape");
        TextTable.Write(console, new[] { "STATUS", "NAME", "DTYPE", "SHAPE", "MAX |A-B|" }, rows, footer, 4);
    }

    private static string[] Row(string status, CheckpointVariable v, string difference) =>
        new[] { status, v.Name, TensorDataTypes.Name(v.DataType), v.Shape.ToString(), difference };

    /// <summary>A difference as a person reads it: <c>0.00123</c>, <c>nan</c>, <c>inf</c>, or <c>-</c> for strings.</summary>
    private static string Number(double? value) => value switch
    {
        null => "-",
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        { } v => v.ToString("g6", CultureInfo.InvariantCulture),
    };

    private static void WriteJson(TextWriter output, Checkpoint a, Checkpoint b, CheckpointDiff diff)
    {
        using var sink = new JsonTextSink(output);
        var writer = sink.Writer;
        writer.WriteStartObject();
        writer.WriteBoolean("identical", diff.IsIdentical);
        writer.WriteString("a", a.Location.Prefix);
        writer.WriteString("b", b.Location.Prefix);
        WriteVariables(writer, "added", diff.Added);
        WriteVariables(writer, "removed", diff.Removed);
        writer.WriteStartArray("changed");
        foreach (var (left, right) in diff.Changed)
        {
            writer.WriteStartObject();
            writer.WriteString("name", left.Name);
            writer.WriteStartObject("a");
            VariableJson.WriteTypeAndShape(writer, left.DataType, left.Shape);
            writer.WriteEndObject();
            writer.WriteStartObject("b");
            VariableJson.WriteTypeAndShape(writer, right.DataType, right.Shape);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("compared");
        foreach (var comparison in diff.Compared)
        {
            writer.WriteStartObject();
            writer.WriteString("name", comparison.Variable.Name);
            VariableJson.WriteTypeAndShape(writer, comparison.Variable.DataType, comparison.Variable.Shape);
            writer.WriteBoolean("identical", comparison.Identical);
            writer.WritePropertyName("maxAbsDiff");
            WriteNumber(writer, comparison.MaxAbsoluteDifference);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        sink.Complete();
    }

    private static void WriteVariables(Utf8JsonWriter writer, string name, IReadOnlyList<CheckpointVariable> variables)
    {
        writer.WriteStartArray(name);
        foreach (var variable in variables)
        {
            writer.WriteStartObject();
            writer.WriteString("name", variable.Name);
            VariableJson.WriteTypeAndShape(writer, variable.DataType, variable.Shape);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>A number, <c>"NaN"</c> or <c>"Infinity"</c> as inspect's JSON writes them, or null for strings.</summary>
    private static void WriteNumber(Utf8JsonWriter writer, double? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case double.NaN:
                writer.WriteStringValue("NaN");
                break;
            case double.PositiveInfinity:
                writer.WriteStringValue("Infinity");
                break;
            case { } v:
                writer.WriteNumberValue(v);
                break;
        }
    }
}
