using System.Text.Json;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Output.Json;

/// <summary>
/// The JSON form of <c>inspect --json</c>: one object per variable with <c>name</c>,
/// <c>variable</c>, <c>dtype</c>, <c>shape</c>, <c>shard</c>, <c>offset</c>, <c>size</c>,
/// <c>kind</c> and, when values were asked for, <c>values</c> (null if they could not be read).
/// </summary>
internal static class VariableJson
{
    /// <summary>Writes one variable; <paramref name="withValues"/> adds the <c>values</c> member.</summary>
    public static void Write(Utf8JsonWriter writer, CheckpointVariable variable, bool withValues, TensorValues? values)
    {
        writer.WriteStartObject();
        writer.WriteString("name", variable.Name);
        writer.WriteString("variable", VariableText.VariableName(variable));
        writer.WriteString("dtype", TensorDataTypes.Name(variable.DataType));
        writer.WriteStartArray("shape");
        foreach (var dimension in variable.Shape.Dimensions)
        {
            writer.WriteNumberValue(dimension);
        }
        writer.WriteEndArray();
        writer.WriteNumber("shard", variable.ShardId);
        writer.WriteNumber("offset", variable.Offset);
        writer.WriteNumber("size", variable.Size);
        writer.WriteString("kind", VariableText.Kind(variable.Kind));
        if (withValues)
        {
            writer.WritePropertyName("values");
            if (values is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                JsonValueWriter.Write(writer, values);
            }
        }
        writer.WriteEndObject();
    }
}
