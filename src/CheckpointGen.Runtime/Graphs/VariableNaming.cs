using System.Text.RegularExpressions;

namespace CheckpointGen.Runtime.Graphs;

/// <summary>
/// What a variable's name alone says about it: the conventions TensorFlow's optimizers and
/// training loops use for the variables they create. A graph, where there is one, overrides
/// this (see <see cref="VariableClassifier"/>).
/// </summary>
internal static class VariableNaming
{
    /// <summary>Suffix of object-based (TF2) keys that hold a variable's value.</summary>
    public const string AttributeSuffix = "/.ATTRIBUTES/VARIABLE_VALUE";

    /// <summary>The key of the serialized object graph in TF2 checkpoints.</summary>
    public const string ObjectGraphKey = "_CHECKPOINTABLE_OBJECT_GRAPH";

    private static readonly string[] OptimizerScalars = { "beta1_power", "beta2_power" };

    private static readonly string[] BookkeepingNames = { "global_step", "save_counter", ObjectGraphKey };

    /// <summary>The first letters of the names <see cref="Patterns.SlotSuffix"/> matches: only those run it.</summary>
    private const string SlotInitials = "ALNMFPR";

    /// <summary>A tensor name without its output index: <c>dense/kernel:0</c> → <c>dense/kernel</c>.</summary>
    public static string StripOutputIndex(string name)
    {
        var colon = name.LastIndexOf(':');
        return colon > 0 && colon < name.Length - 1 && name.Skip(colon + 1).All(c => c is >= '0' and <= '9')
            ? name.Substring(0, colon)
            : name;
    }

    /// <summary>The key without the object-based attribute suffix.</summary>
    public static string StripAttributeSuffix(string key) =>
        key.EndsWith(AttributeSuffix, StringComparison.Ordinal) ? key.Substring(0, key.Length - AttributeSuffix.Length) : key;

    /// <summary>The kind the name implies: Optimizer, Bookkeeping, or Model when it implies nothing.</summary>
    /// <remarks>
    /// Runs once per variable when a checkpoint opens, so it allocates nothing for an ordinary
    /// name and runs a pattern only where a cheap test shows it could match.
    /// </remarks>
    public static VariableKind Classify(string key)
    {
        var path = StripAttributeSuffix(key);
        var lastSlash = path.LastIndexOf('/');
        var last = path.AsSpan(lastSlash + 1);
        if (IsAnyOf(path.AsSpan(), BookkeepingNames) || IsAnyOf(last, BookkeepingNames) || path.StartsWith("keras_api/metrics/", StringComparison.Ordinal))
        {
            return VariableKind.Bookkeeping;
        }
        if (key.IndexOf("/.OPTIMIZER_SLOT/", StringComparison.Ordinal) >= 0
            || path.StartsWith("optimizer/", StringComparison.Ordinal)
            || IsAnyOf(last, OptimizerScalars)
            || (lastSlash >= 0 && last.Length > 0 && SlotInitials.IndexOf(last[0]) >= 0 && Patterns.SlotSuffix.IsMatch(path))
            || (path.IndexOf("_slot_", StringComparison.Ordinal) >= 0 && Patterns.MeshSlotSuffix.IsMatch(path))
            || (path.StartsWith("training", StringComparison.Ordinal) && Patterns.TrainingScope.IsMatch(path)))
        {
            return VariableKind.Optimizer;
        }
        return VariableKind.Model;
    }

    private static bool IsAnyOf(ReadOnlySpan<char> text, string[] names)
    {
        foreach (var name in names)
        {
            if (text.SequenceEqual(name.AsSpan()))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The patterns, in a class of their own so that they are constructed (about 6 ms, most of it
    /// the first regular expression of the process) only when a name passes the cheap test for one.
    /// </summary>
    private static class Patterns
    {
        /// <summary>Slot names TF1 optimizers append to the variable they track (<c>dense/kernel/Adam_1</c>).</summary>
        public static readonly Regex SlotSuffix = new(
            @"/(Adam|Adam_1|AdamW|AdamW_1|LazyAdam|LazyAdam_1|Adamax|Adamax_1|Nadam|Nadam_1|Momentum|Ftrl|Ftrl_1|Adagrad|Adagrad_1|AdagradDA|AdagradDA_1|ProximalAdagrad|Adadelta|Adadelta_1|RMSProp|RMSProp_1|RMSProp_2)$",
            RegexOptions.CultureInvariant);

        /// <summary>Mesh TensorFlow / Adafactor slots: <c>kernel_slot_v</c>, <c>_slot_vr</c>, <c>_slot_vc</c>, <c>_slot_m</c>.</summary>
        public static readonly Regex MeshSlotSuffix = new(@"_slot_(v|vr|vc|m)$", RegexOptions.CultureInvariant);

        /// <summary>Keras optimizers in TF1-style graphs scope their state as <c>training/Adagrad/...</c>.</summary>
        public static readonly Regex TrainingScope = new(@"^training(_\d+)?/[A-Za-z]+/", RegexOptions.CultureInvariant);
    }
}
