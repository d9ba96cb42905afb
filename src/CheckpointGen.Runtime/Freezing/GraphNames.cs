namespace CheckpointGen.Runtime.Freezing;

/// <summary>How GraphDef refers to nodes: <c>name</c>, <c>name:1</c> for an output, <c>^name</c> for a control edge.</summary>
internal static class GraphNames
{
    public static string NodeName(string input)
    {
        var start = input.StartsWith("^", StringComparison.Ordinal) ? 1 : 0;
        var colon = input.LastIndexOf(':');
        var end = colon > start && input.Substring(colon + 1).All(char.IsDigit) ? colon : input.Length;
        return input.Substring(start, end - start);
    }

    public static bool IsVariableOp(string op) => op is "VariableV2" or "Variable" or "VarHandleOp";
}
