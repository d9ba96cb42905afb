using CheckpointGen.Runtime.Format.Writing;

namespace CheckpointGen.Runtime;

/// <summary>
/// The result of <see cref="CheckpointFreezer"/>: a serialized GraphDef (what TensorFlow's
/// <c>convert_variables_to_constants</c> returns, ready to write as <c>frozen.pb</c>) and what
/// went into it. Immutable.
/// </summary>
public sealed class FrozenGraph
{
    private readonly byte[] _graphDef;

    internal FrozenGraph(byte[] graphDef, int nodeCount, IReadOnlyList<string> outputs, IReadOnlyList<FrozenVariable> variables, string sourcePath)
    {
        _graphDef = graphDef;
        NodeCount = nodeCount;
        Outputs = outputs;
        Variables = variables;
        SourcePath = sourcePath;
    }

    /// <summary>The GraphDef in protobuf binary form.</summary>
    public ReadOnlyMemory<byte> GraphDef => _graphDef;

    /// <summary>How many nodes the frozen graph has: those the outputs need.</summary>
    public int NodeCount { get; }

    /// <summary>The outputs the graph was pruned to (node or tensor names).</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The variables turned into constants, in graph order.</summary>
    public IReadOnlyList<FrozenVariable> Variables { get; }

    /// <summary>The file the meta graph was read from (<c>model.ckpt.meta</c>, <c>saved_model.pb</c>).</summary>
    public string SourcePath { get; }

    /// <summary>Writes the GraphDef to <paramref name="path"/> through a temporary file renamed into place, so a failure leaves no partial file.</summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    public void WriteTo(string path)
    {
        using var files = new AtomicFileSet();
        File.WriteAllBytes(files.Add(Path.GetFullPath(path)), _graphDef);
        files.Install();
    }
}
