using CheckpointGen.Runtime;

namespace CheckpointGen.Tool.Selection;

/// <summary>The variables a command works on and those it leaves out, each in key order.</summary>
internal sealed record VariableSelection(IReadOnlyList<CheckpointVariable> Kept, IReadOnlyList<CheckpointVariable> Dropped);
