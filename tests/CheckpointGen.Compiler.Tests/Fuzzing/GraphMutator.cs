using CheckpointGen.Protos;
using Google.Protobuf;

namespace CheckpointGen.Compiler.Tests.Fuzzing;

/// <summary>One mutated model: which seed, what was done to it (reproducible from <see cref="Seed"/>), and its files.</summary>
internal sealed record GraphMutant(int Seed, GraphSeed Model, IReadOnlyDictionary<string, byte[]> Files, string Description)
{
    /// <summary>The folder <see cref="WriteTo"/> writes the files to.</summary>
    public string FolderIn(string directory) => Path.Combine(directory, "mutant-" + Seed);

    /// <summary>Writes the files into a fresh folder under <paramref name="directory"/>; the item's path.</summary>
    public string WriteTo(string directory)
    {
        var folder = FolderIn(directory);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        foreach (var (relative, bytes) in Files)
        {
            var path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        return Path.Combine(folder, Model.Item);
    }

    public override string ToString() => $"mutant {Seed} of {Model}: {Description}";
}

/// <summary>
/// Makes graph mutants from seeds: an eighth corrupt the bytes of a checkpoint file beside the
/// graph; of the rest, a third are byte mutations of the file holding the graph (flips, zeroed
/// runs, truncation) and two thirds structure-aware edits of its GraphDef
/// (<see cref="GraphEdits"/>) and, in meta graphs and SavedModels, of its signatures. The same
/// mutant seed gives the same mutant in the test suite and in eng/fuzz.sh.
/// </summary>
internal sealed class GraphMutator
{
    private readonly IReadOnlyList<GraphSeed> _seeds;
    private readonly Dictionary<GraphSeed, IReadOnlyDictionary<string, byte[]>> _files = new();

    public GraphMutator(IReadOnlyList<GraphSeed> seeds) => _seeds = seeds;

    public GraphMutant Create(int seed)
    {
        var random = new Random(seed);
        var model = _seeds[random.Next(_seeds.Count)];
        if (!_files.TryGetValue(model, out var files))
        {
            _files[model] = files = model.Files();
        }
        var others = files.Keys.Where(f => f != model.GraphFile).Order(StringComparer.Ordinal).ToArray();
        if (others.Length > 0 && random.Next(8) == 0)
        {
            // The checkpoint beside the graph (index, data shard): the reader's own fuzzing covers it
            // in depth; here the planner must still answer with a build error.
            var file = others[random.Next(others.Length)];
            var (corrupt, what) = MutateBytes(files[file], random);
            return new GraphMutant(seed, model, new Dictionary<string, byte[]>(files, StringComparer.Ordinal) { [file] = corrupt }, $"{file}: {what}");
        }
        var original = files[model.GraphFile];
        var (bytes, description) = random.Next(3) == 0 ? MutateBytes(original, random) : MutateStructure(original, model, random);
        var mutated = new Dictionary<string, byte[]>(files, StringComparer.Ordinal) { [model.GraphFile] = bytes };
        return new GraphMutant(seed, model, mutated, description);
    }

    private static (byte[], string) MutateBytes(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(3))
        {
            case 0:
                // Structure and attributes sit near both ends; large weights in between.
                var count = 1 + random.Next(4);
                for (var i = 0; i < count; i++)
                {
                    var window = Math.Min(bytes.Length, 600);
                    var at = random.Next(2) == 0 ? random.Next(window) : bytes.Length - 1 - random.Next(window);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }
                return (bytes, $"{count} bit flips");
            case 1:
                var start = random.Next(bytes.Length);
                var length = Math.Min(bytes.Length - start, 1 + random.Next(8));
                Array.Clear(bytes, start, length);
                return (bytes, $"{length} bytes zeroed at {start}");
            default:
                var keep = random.Next(bytes.Length);
                return (bytes.AsSpan(0, keep).ToArray(), $"truncated to {keep} bytes");
        }
    }

    private static (byte[], string) MutateStructure(byte[] original, GraphSeed seed, Random random)
    {
        var edits = new List<string>();
        var count = 1 + random.Next(3);
        var outputs = seed.Outputs.Split(';', StringSplitOptions.RemoveEmptyEntries);
        switch (seed.Container)
        {
            case GraphContainer.GraphDef:
                var graph = GraphDef.Parser.ParseFrom(original);
                EditGraph(graph, outputs, count, random, edits);
                return (graph.ToByteArray(), string.Join("; ", edits));
            case GraphContainer.MetaGraph:
                var meta = MetaGraphDef.Parser.ParseFrom(original);
                EditMetaGraph(meta, outputs, count, random, edits);
                return (meta.ToByteArray(), string.Join("; ", edits));
            default:
                var model = SavedModel.Parser.ParseFrom(original);
                foreach (var m in model.MetaGraphs)
                {
                    EditMetaGraph(m, outputs, count, random, edits);
                }
                return (model.ToByteArray(), string.Join("; ", edits));
        }
    }

    private static void EditMetaGraph(MetaGraphDef meta, string[] outputs, int count, Random random, List<string> edits)
    {
        // Without Outputs, the signatures' outputs are what gets compiled.
        var fetches = outputs.Length > 0 ? outputs : meta.SignatureDef.Values.SelectMany(s => s.Outputs.Values.Select(t => t.Name)).ToArray();
        if (meta.SignatureDef.Count > 0 && random.Next(3) == 0)
        {
            edits.Add(SignatureEdits.Apply(meta.SignatureDef, meta.GraphDef, random));
            count--;
        }
        EditGraph(meta.GraphDef ??= new GraphDef(), fetches, count, random, edits);
    }

    private static void EditGraph(GraphDef graph, string[] fetches, int count, Random random, List<string> edits)
    {
        var focus = GraphEdits.Needed(graph, fetches);
        for (var i = 0; i < count; i++)
        {
            edits.Add(new GraphEdits(graph, random, focus).Apply() ?? "(edit did not apply)");
        }
    }
}
