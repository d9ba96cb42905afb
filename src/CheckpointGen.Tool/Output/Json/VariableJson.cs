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
        WriteTypeAndShape(writer, variable.DataType, variable.Shape);
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

    /// <summary>The <c>dtype</c> (TensorFlow's name) and <c>shape</c> (an array of dimensions) members.</summary>
    public static void WriteTypeAndShape(Utf8JsonWriter writer, TensorDataType dataType, TensorShape shape)
    {
        writer.WriteString("dtype", TensorDataTypes.Name(dataType));
        writer.WriteStartArray("shape");
        foreach (var dimension in shape.Dimensions)
        {
            writer.WriteNumberValue(dimension);
        }
        writer.WriteEndArray();
    }
}
