namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>The Program.cs of a consumer: hands each generated class to TensorDump (Consumers/TensorDump.cs).</summary>
internal static class ConsumerProgram
{
    /// <summary>
    /// Embedded classes are dumped through <c>Embedded</c>, Lazy ones through <c>Open()</c>; both
    /// through <c>Open(path)</c> when the program is given a path.
    /// </summary>
    public static string Dump(IReadOnlyList<CheckpointItem> items, params string[] namespaces)
    {
        var entries = items.Select(i => i.IsLazy
            ? $"    [\"{i.ClassName}\"] = path => (path is null ? {i.ClassName}.Open() : {i.ClassName}.Open(path)).Storage,"
            : $"    [\"{i.ClassName}\"] = path => path is null ? {i.ClassName}.Embedded.Storage : {i.ClassName}.Open(path).Storage,");
        var usings = namespaces.Append(ConsumerProject.DefaultNamespace).Concat(items.Select(i => i.Namespace).OfType<string>())
            .Distinct().Select(n => $"using {n};");
        return $$"""
            using CheckpointGen.Runtime;
            {{string.Join('\n', usings)}}

            return TensorDump.Run(new Dictionary<string, Func<string?, TensorStorage>>
            {
            {{string.Join('\n', entries)}}
            }, args);

            """;
    }
}
