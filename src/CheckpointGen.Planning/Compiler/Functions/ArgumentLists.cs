using CheckpointGen.Protos;

namespace CheckpointGen.Planning.Compiler.Functions;

/// <summary>
/// How many tensors each argument of a function signature holds once the call's attributes are
/// known, as TensorFlow expands a FunctionDef: a single tensor, <c>N*T</c> (a <c>number_attr</c>) or
/// <c>list(type)</c> (a <c>type_list_attr</c>); a call's inputs and results are the arguments'
/// tensors in order. Inside the body, element i of a list argument <c>x</c> is <c>x:i</c>, and
/// <c>x</c> alone is all of them.
/// </summary>
internal static class ArgumentLists
{
    /// <summary>The tensors <paramref name="args"/> hold in all.</summary>
    /// <exception cref="GraphCompileException">A list argument's count or types are not set by the call.</exception>
    public static int Count(IEnumerable<OpDef.Types.ArgDef> args, IDictionary<string, AttrValue> attributes, string function) =>
        args.Sum(a => Types(a, attributes, function).Length);

    /// <summary>The dtype of each tensor <paramref name="arg"/> holds (<see cref="DataType.DtInvalid"/> where neither the signature nor the call says).</summary>
    /// <exception cref="GraphCompileException">A list argument's count or types are not set by the call, or it holds more than <see cref="FunctionInliner.MaxNodes"/> tensors.</exception>
    public static DataType[] Types(OpDef.Types.ArgDef arg, IDictionary<string, AttrValue> attributes, string function)
    {
        if (arg.TypeListAttr.Length > 0)
        {
            return Attribute(arg, arg.TypeListAttr, attributes, function).List?.Type.ToArray() ?? Array.Empty<DataType>();
        }
        var type = arg.Type != DataType.DtInvalid ? arg.Type : attributes.TryGetValue(arg.TypeAttr, out var t) ? t.Type : DataType.DtInvalid;
        if (arg.NumberAttr.Length == 0)
        {
            return new[] { type };
        }
        var count = Attribute(arg, arg.NumberAttr, attributes, function).I;
        if (count < 0 || count > FunctionInliner.MaxNodes)
        {
            throw new GraphCompileException(GraphCompileException.MissingInput, $"function '{function}' has the argument '{arg.Name}' of {count} tensors ({arg.NumberAttr})");
        }
        return Enumerable.Repeat(type, (int)count).ToArray();
    }

    /// <summary>Whether <paramref name="arg"/> is a list of tensors rather than one.</summary>
    public static bool IsList(OpDef.Types.ArgDef arg) => arg.NumberAttr.Length > 0 || arg.TypeListAttr.Length > 0;

    private static AttrValue Attribute(OpDef.Types.ArgDef arg, string name, IDictionary<string, AttrValue> attributes, string function) =>
        attributes.TryGetValue(name, out var value) ? value
        : throw new GraphCompileException(GraphCompileException.MissingInput, $"function '{function}' has the list argument '{arg.Name}' sized by attribute '{name}', which the call does not set");
}
