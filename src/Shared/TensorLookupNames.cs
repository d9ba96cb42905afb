namespace CheckpointGen;

/// <summary>
/// The names by which a generated class's <c>Get</c> and <c>GetStrings</c> find a tensor, in
/// order of precedence: the stored key, the real variable name a graph gives, and a TF2 key
/// without <c>/.ATTRIBUTES/VARIABLE_VALUE</c> (as the <c>&lt;Checkpoint&gt;</c> filters match it).
/// Shared by the runtime's look-up and the analyzer's compile-time check so the two accept
/// exactly the same names.
/// </summary>
internal static class TensorLookupNames
{
    /// <summary>Suffix of object-based (TF2) keys that hold a variable's value.</summary>
    public const string AttributeSuffix = "/.ATTRIBUTES/VARIABLE_VALUE";

    /// <summary>
    /// Every accepted name and the index of the tensor it finds. A name already taken by a
    /// stronger kind (a stored key over a real name over a shortened key) keeps its tensor.
    /// </summary>
    /// <param name="count">The number of tensors.</param>
    /// <param name="key">The stored key of tensor i.</param>
    /// <param name="variableName">The real variable name of tensor i, or null or empty when it has none.</param>
    public static Dictionary<string, int> Build(int count, Func<int, string> key, Func<int, string?> variableName)
    {
        var index = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            index[key(i)] = i;
        }
        for (var i = 0; i < count; i++)
        {
            AddIfFree(index, variableName(i), i);
        }
        for (var i = 0; i < count; i++)
        {
            var k = key(i);
            if (k.EndsWith(AttributeSuffix, StringComparison.Ordinal))
            {
                AddIfFree(index, k.Substring(0, k.Length - AttributeSuffix.Length), i);
            }
        }
        return index;
    }

    private static void AddIfFree(Dictionary<string, int> index, string? name, int i)
    {
        if (!string.IsNullOrEmpty(name) && !index.ContainsKey(name!))
        {
            index[name!] = i;
        }
    }
}
