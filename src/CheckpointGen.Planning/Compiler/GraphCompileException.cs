namespace CheckpointGen.Planning.Compiler;

/// <summary>
/// A graph the compiler cannot turn into a program, with the CG1xxx code the build reports and a
/// message naming the node, its op and what was expected. Never an internal error: everything a
/// GraphDef can hold that the compiler does not handle ends here.
/// </summary>
internal sealed class GraphCompileException : Exception
{
    /// <summary>An op the compiler does not implement (or an attribute value it does not support) in the subgraph the outputs need.</summary>
    public const string UnsupportedOp = "CG1040";

    /// <summary>The subgraph the outputs need has a cycle.</summary>
    public const string Cycle = "CG1041";

    /// <summary>A node reads a tensor no node produces, or an Outputs/Inputs/signature name is not in the graph.</summary>
    public const string MissingInput = "CG1042";

    /// <summary>Shapes that do not fit the op, are unknown where they must be known, or are absurdly large.</summary>
    public const string BadShape = "CG1043";

    /// <summary>A variable the graph reads has no value in the checkpoint (or is excluded from the class).</summary>
    public const string UnboundVariable = "CG1044";

    /// <summary>Inlining TF2 functions exceeds a limit: calls nested too deep (recursion) or too many nodes.</summary>
    public const string InliningLimit = "CG1055";

    /// <summary>Loops and branches exceed a limit: nested too deep, or a program of too many steps.</summary>
    public const string ControlFlowLimit = "CG1056";

    /// <summary>A TensorList whose item count or item shape (but a leading batch) is not known at build time, or that may grow.</summary>
    public const string UnknownTensorList = "CG1058";

    public GraphCompileException(string code, string message)
        : base(message) => Code = code;

    /// <summary>The CG1xxx diagnostic id.</summary>
    public string Code { get; }
}
