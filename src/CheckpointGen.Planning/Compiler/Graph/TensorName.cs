using System.Globalization;

namespace CheckpointGen.Planning.Compiler.Graph;

/// <summary>A graph tensor: a node's output <c>node:index</c> (<c>node</c> alone is output 0).</summary>
internal readonly record struct TensorName(string Node, int Index)
{
    /// <summary>Parses an input or tensor name; null for a control input (<c>^node</c>).</summary>
    public static TensorName? Parse(string text)
    {
        if (text.StartsWith("^", StringComparison.Ordinal))
        {
            return null;
        }
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return new TensorName(text.Substring(0, colon), index);
        }
        return new TensorName(text, 0);
    }

    public override string ToString() => Index == 0 ? Node : Node + ":" + Index.ToString(CultureInfo.InvariantCulture);
}
