namespace CheckpointGen.Contracts.Plan;

/// <summary>
/// Control flow between the steps of a program (While and If of a graph): a block opens or
/// closes before step <paramref name="At"/> (the program's step count: after the last step). The
/// steps between a <see cref="Loop"/> and its <see cref="End"/> are a C# <c>while</c> loop's body:
/// the condition's steps, a <see cref="Break"/>, the body's steps and the copies that hand carried
/// values back; those between an <see cref="If"/>, <see cref="Else"/> and <see cref="End"/> are the
/// two branches. Loop-carried values live in slots planned once for the whole loop.
/// </summary>
/// <param name="At">The index of the step the record precedes.</param>
/// <param name="Kind">One of <see cref="Kinds"/>.</param>
/// <param name="Value">For <see cref="Break"/> and <see cref="If"/>: the bool value tested (its first element); otherwise -1.</param>
/// <param name="Node">For <see cref="Loop"/> and <see cref="If"/>: the graph node, for the generated code's comment; otherwise empty.</param>
internal sealed record PlanControl(int At, string Kind, int Value, string Node)
{
    /// <summary>Opens a loop: <c>while (true) {</c>.</summary>
    public const string Loop = "loop";

    /// <summary>Leaves the innermost loop unless the value is true (the loop's condition, checked before each iteration).</summary>
    public const string Break = "break";

    /// <summary>Opens a branch taken when the value is true.</summary>
    public const string If = "if";

    /// <summary>Ends the innermost branch's true part and opens its false part.</summary>
    public const string Else = "else";

    /// <summary>Closes the innermost loop or branch.</summary>
    public const string End = "end";

    public static readonly string[] Kinds = { Loop, Break, If, Else, End };

    /// <summary>Loops and branches nested deeper than this are refused by the compiler and by the plan reader.</summary>
    public const int MaxDepth = 16;
}
