using System.Collections.Immutable;
using System.Reflection;
using CheckpointGen.Runtime;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests.Infrastructure;

/// <summary>
/// What test compilations reference, as a user's project would: the net10.0 reference pack
/// (listed by this project's build) and CheckpointGen.Runtime with its own dependencies; with
/// CheckpointGen.Inference for the snapshots of real items.
/// </summary>
internal static class TestReferences
{
    private const string ListFile = "net-reference-assemblies.txt";

    public static ImmutableArray<MetadataReference> All { get; } = NetReferencePack().Concat(Closure(typeof(Checkpoint).Assembly)).ToImmutableArray();

    /// <summary>
    /// As <see cref="All"/>, with CheckpointGen.Inference (and its own dependencies) too: what a
    /// project referencing the CheckpointGen package compiles against, so inference methods are printed.
    /// </summary>
    public static ImmutableArray<MetadataReference> WithInference { get; } = NetReferencePack()
        .Concat(Closure(typeof(Checkpoint).Assembly, typeof(CheckpointGen.Inference.Graphs.Elementwise).Assembly)).ToImmutableArray();

    /// <summary>
    /// As <see cref="All"/>, but with the netstandard2.0 build of the runtime accessors alone (what
    /// a netstandard2.0 library with embedded weights compiles against) in place of the net10.0
    /// runtime: no full reader, so generated classes have no <c>Open(path)</c>.
    /// </summary>
    public static ImmutableArray<MetadataReference> WithNetStandardRuntime { get; } = NetReferencePack()
        .Concat(Closure(typeof(Checkpoint).Assembly).Where(r => Path.GetFileName(r.Display) is not ("CheckpointGen.Runtime.dll" or "CheckpointGen.Runtime.Accessors.dll" or "Google.Protobuf.dll")))
        .Append(MetadataReference.CreateFromFile(ListedPath("netstandard-runtime.txt")))
        .ToImmutableArray();

    private static IEnumerable<MetadataReference> NetReferencePack() =>
        ReadList(ListFile).Select(p => MetadataReference.CreateFromFile(p));

    private static string ListedPath(string listFile) => ReadList(listFile).Single();

    /// <summary>The lines of a list the test project's build writes beside the tests.</summary>
    private static IEnumerable<string> ReadList(string listFile)
    {
        var list = Path.Combine(AppContext.BaseDirectory, listFile);
        if (!File.Exists(list))
        {
            throw new InvalidOperationException($"{list} is missing: the test project's build writes it; rebuild the project.");
        }
        return File.ReadAllLines(list).Where(l => l.Length > 0);
    }

    /// <summary><paramref name="roots"/> and every assembly they reference that is not part of the framework (those ship beside the tests).</summary>
    private static IEnumerable<MetadataReference> Closure(params Assembly[] roots)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>(roots);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (!found.Add(assembly.Location))
            {
                continue;
            }
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (File.Exists(Path.Combine(AppContext.BaseDirectory, name.Name + ".dll")))
                {
                    pending.Push(Assembly.Load(name));
                }
            }
        }
        return found.Select(p => MetadataReference.CreateFromFile(p));
    }
}
