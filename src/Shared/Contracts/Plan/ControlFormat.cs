using System.Text;

namespace CheckpointGen.Contracts.Plan;

/// <summary>
/// The control records of a program, written among its <c>step</c> records where they apply:
/// <c>loop NODE</c>, <c>break VALUE</c>, <c>if VALUE NODE</c>, <c>else</c>, <c>end</c>. The reader
/// checks the nesting (balanced, at most <see cref="PlanControl.MaxDepth"/> deep, a break directly
/// in a loop and every loop left by one, one else per branch) and that a tested value is a bool of
/// one element declared before, so a plan that reads prints C# that compiles.
/// </summary>
internal static class ControlFormat
{
    public static bool IsControl(string kind) => Array.IndexOf(PlanControl.Kinds, kind) >= 0;

    public static void Write(StringBuilder sb, PlanControl c)
    {
        switch (c.Kind)
        {
            case PlanControl.Loop:
                ContractText.Record(sb, c.Kind, c.Node);
                break;
            case PlanControl.Break:
                ContractText.Record(sb, c.Kind, ContractText.Number(c.Value));
                break;
            case PlanControl.If:
                ContractText.Record(sb, c.Kind, ContractText.Number(c.Value), c.Node);
                break;
            default:
                ContractText.Record(sb, c.Kind);
                break;
        }
    }

    /// <summary>Reads control records in order and checks their nesting as they come.</summary>
    internal sealed class Reader
    {
        private readonly Stack<(string Kind, bool Else, bool Breaks)> _open = new();

        public List<PlanControl> Controls { get; } = new();

        /// <exception cref="ContractFormatException">The record breaks the nesting or tests a value that is not a declared one-element bool.</exception>
        public void Read(ContractRecord r, int steps, IReadOnlyList<PlanValue> values)
        {
            switch (r.Kind)
            {
                case PlanControl.Loop:
                    Open(r, PlanControl.Loop);
                    Controls.Add(new PlanControl(steps, r.Kind, -1, r.Expect(1)[0]));
                    break;
                case PlanControl.If:
                    r.Expect(2);
                    Open(r, PlanControl.If);
                    Controls.Add(new PlanControl(steps, r.Kind, Tested(r, values), r[1]));
                    break;
                case PlanControl.Break:
                    r.Expect(1);
                    if (_open.Count == 0 || _open.Peek().Kind != PlanControl.Loop)
                    {
                        throw r.Error("'break' outside a loop (or inside a branch of it)");
                    }
                    var loop = _open.Pop();
                    _open.Push((loop.Kind, loop.Else, true));
                    Controls.Add(new PlanControl(steps, r.Kind, Tested(r, values), string.Empty));
                    break;
                case PlanControl.Else:
                    r.Expect(0);
                    if (_open.Count == 0 || _open.Peek().Kind != PlanControl.If || _open.Peek().Else)
                    {
                        throw r.Error("'else' outside a branch, or a second one");
                    }
                    _open.Pop();
                    _open.Push((PlanControl.If, true, false));
                    Controls.Add(new PlanControl(steps, r.Kind, -1, string.Empty));
                    break;
                default:
                    r.Expect(0);
                    if (_open.Count == 0)
                    {
                        throw r.Error("'end' with no loop or branch open");
                    }
                    if (_open.Pop() is { Kind: PlanControl.Loop, Breaks: false })
                    {
                        throw r.Error("a loop with no 'break'");
                    }
                    Controls.Add(new PlanControl(steps, r.Kind, -1, string.Empty));
                    break;
            }
        }

        /// <exception cref="ContractFormatException">A loop or branch is still open at the end of the program.</exception>
        public void Finish(ContractRecord program)
        {
            if (_open.Count > 0)
            {
                throw program.Error($"program '{program[0]}' ends inside a '{_open.Peek().Kind}'");
            }
        }

        private void Open(ContractRecord r, string kind)
        {
            if (_open.Count >= PlanControl.MaxDepth)
            {
                throw r.Error($"loops and branches nested deeper than {PlanControl.MaxDepth}");
            }
            _open.Push((kind, false, false));
        }

        private static int Tested(ContractRecord r, IReadOnlyList<PlanValue> values)
        {
            var id = r.Int(0);
            if (id < 0 || id >= values.Count || values[id].DType != ProgramDTypes.Bool || values[id].IsBatched || values[id].RowLength != 1)
            {
                throw r.Error($"'{r.Kind}' tests value {r[0]}, which is not a one-element bool declared before it");
            }
            return id;
        }
    }
}
