namespace CheckpointGen.Build;

/// <summary>
/// The list of what the worker produced and read, which the targets read on every build (also
/// no-op ones) to add items, and use as the Inputs of the next build. Tab-separated lines:
/// <c>manifest PATH</c>, <c>resource PATH LOGICALNAME</c>, <c>copy SOURCE TARGETPATH</c>,
/// <c>input PATH</c>.
/// </summary>
internal sealed class OutputIndex
{
    private readonly List<string> _lines = new();

    public void Manifest(string path) => _lines.Add("manifest\t" + path);

    public void Resource(string path, string logicalName) => _lines.Add($"resource\t{path}\t{logicalName}");

    public void Copy(string source, string targetPath) => _lines.Add($"copy\t{source}\t{targetPath}");

    public void Input(string path) => _lines.Add("input\t" + path);

    public void Write(string path) => AtomicFile.WriteText(path, string.Join("\n", _lines) + "\n");
}
