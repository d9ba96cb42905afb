using System.Globalization;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Naming;

namespace CheckpointGen.Planning.Layout;

/// <summary>What the layout needs to know of a kept tensor.</summary>
/// <param name="Key">The stored key.</param>
/// <param name="VariableName">The real name a graph gives, or empty.</param>
/// <param name="Rank">Its number of dimensions (one <c>Dim</c> constant each).</param>
internal sealed record LayoutInput(string Key, string VariableName, int Rank);

/// <summary>Where a tensor went: its scope, property, Names constant and Shapes prefix.</summary>
internal sealed record TensorPlacement(int Scope, string Property, string FlatName, string ShapePrefix);

/// <summary>
/// The shape of a generated class, with every identifier resolved. The rules (README, "What is
/// generated", documents them):
/// <list type="bullet">
/// <item>each <c>/</c> part of a name is a nested scope; parts are PascalCased; a tensor named
/// like a sibling scope keeps the name and the scope's property gets <c>Scope</c> appended;</item>
/// <item>scope classes are <c>{Property}_Scope</c>, a form no property can take, so they never
/// clash with members; should one equal its enclosing class's name it gets <c>_2</c> silently
/// (the user never names these types);</item>
/// <item>user-visible names that map to one identifier, or to a member the class declares itself,
/// are told apart in ordinal order of the original names: the first keeps it, the next get
/// <c>_2</c>, <c>_3</c>…; each such case is an info message suggesting the <c>Rename</c>
/// metadata, which sets any property's identifier.</item>
/// </list>
/// </summary>
internal sealed class ClassLayout
{
    /// <summary>What every class inherits from object: a member of the same name would hide it (CS0108).</summary>
    public static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize" };

    /// <summary>The generated class's own members, private ones included.</summary>
    public static readonly string[] RootMembers =
    {
        "Embedded", "EmbeddedInstance", "Open", "Get", "GetStrings", "Storage", "Dispose", "Names", "Shapes", "Signatures", "s_descriptors", "_storage",
    };

    /// <summary>The members every scope class declares.</summary>
    public static readonly string[] ScopeMembers = { "_storage" };

    /// <summary>The suffix of scope class names; properties never contain an underscore before a letter.</summary>
    public const string ScopeClassSuffix = "_Scope";

    private readonly List<string> _notes = new();
    private readonly Dictionary<string, string> _renames;
    private readonly HashSet<string> _renamesUsed = new(StringComparer.Ordinal);

    private ClassLayout(IReadOnlyDictionary<string, string> renames) => _renames = new Dictionary<string, string>(renames, StringComparer.Ordinal);

    /// <summary>Lays out <paramref name="tensors"/> in a class named <paramref name="className"/>.</summary>
    /// <param name="renames">The Rename metadata: a key, key without the object-based suffix, real name, or scope path ending in <c>/</c> → the identifier it gets.</param>
    public static LayoutResult Build(string className, IReadOnlyList<LayoutInput> tensors, IReadOnlyDictionary<string, string> renames)
    {
        var layout = new ClassLayout(renames);
        var root = new Node(string.Empty, string.Empty);
        var paths = new string[tensors.Count][];
        // A real name stands in for a list-like key only when it names one tensor: Keras metrics
        // all call their accumulators "count" and "total".
        var realNameUses = tensors.Where(t => t.VariableName.Length > 0)
            .GroupBy(t => t.VariableName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            var realName = t.VariableName.Length > 0 && realNameUses[t.VariableName] == 1 ? t.VariableName : string.Empty;
            var path = Identifiers.AccessorPath(t.Key, realName);
            paths[i] = path;
            var node = root;
            for (var p = 0; p < path.Length - 1; p++)
            {
                node = node.Child(path[p], string.Join("/", path.Take(p + 1)));
            }
            node.Tensors.Add(new Leaf(path[path.Length - 1], string.Join("/", path), t, i));
        }

        var scopes = new List<PlanScope>();
        var placements = new (int Scope, string Property)[tensors.Count];
        var segmentNames = new Dictionary<string, string>(StringComparer.Ordinal);
        layout.NameScope(root, CheckpointPlan.RootScope, className, className, RootMembers, scopes, placements, segmentNames);

        var names = new NameTable(ObjectMembers.Append("Names"));
        var shapes = new NameTable(ObjectMembers.Append("Shapes"));
        var result = new TensorPlacement[tensors.Count];
        foreach (var i in Enumerable.Range(0, tensors.Count).OrderBy(i => tensors[i].Key, StringComparer.Ordinal))
        {
            var path = paths[i];
            var desired = string.Concat(path.Select((_, p) => segmentNames[string.Join("/", path.Take(p + 1)) + (p < path.Length - 1 ? "/" : string.Empty)]));
            var flat = names.ClaimVisible(desired, tensors[i].Key, className + ".Names", layout._notes);
            result[i] = new TensorPlacement(placements[i].Scope, placements[i].Property, flat, ShapePrefix(shapes, flat, tensors[i]));
        }
        var unused = renames.Keys.Where(k => !layout._renamesUsed.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        return new LayoutResult(scopes, result, layout._notes, unused);
    }

    /// <summary>The Shapes prefix: the flat name, or the first of <c>_2</c>, <c>_3</c>… whose constants are all free.</summary>
    private static string ShapePrefix(NameTable shapes, string flat, LayoutInput tensor)
    {
        IEnumerable<string> Constants(string prefix) =>
            Enumerable.Range(0, tensor.Rank).Select(d => prefix + "Dim" + d.ToString(CultureInfo.InvariantCulture)).Append(prefix + "Rank").Append(prefix + "Length");
        var candidate = flat;
        for (var n = 2; !shapes.AllFree(Constants(candidate)); n++)
        {
            candidate = flat + "_" + n.ToString(CultureInfo.InvariantCulture);
        }
        shapes.ClaimFree(Constants(candidate), tensor.Key);
        return candidate;
    }

    private void NameScope(
        Node scope, int id, string className, string displayName, IEnumerable<string> members,
        List<PlanScope> scopes, (int Scope, string Property)[] placements, Dictionary<string, string> segmentNames)
    {
        // A member may not be named like its enclosing class (CS0542).
        var table = new NameTable(ObjectMembers.Concat(members).Append(className));
        foreach (var tensor in scope.Tensors.OrderBy(m => m.Segment, StringComparer.Ordinal).ThenBy(m => m.Input.Key, StringComparer.Ordinal))
        {
            var renamed = Renamed(tensor.Input.Key, Identifiers.WithoutAttributeSuffix(tensor.Input.Key), tensor.Input.VariableName, tensor.Path);
            var property = table.ClaimVisible(renamed ?? Identifiers.ToPascal(tensor.Segment), tensor.Input.Key, displayName, _notes);
            placements[tensor.Index] = (id, property);
            segmentNames[tensor.Path] = renamed ?? Identifiers.ToPascal(tensor.Segment);
        }
        var tensorSegments = new HashSet<string>(scope.Tensors.Select(t => t.Segment), StringComparer.Ordinal);
        var children = scope.Children.OrderBy(c => c.Segment, StringComparer.Ordinal).ToList();
        var properties = new List<string>();
        foreach (var child in children)
        {
            // A variable and the scope of the variables named after it (TF1 optimizer slots such
            // as bias and bias/Adagrad) are a pattern, not a clash: the variable keeps the name,
            // the scope is BiasScope.
            var renamed = Renamed(child.Path + "/");
            var desired = renamed ?? Identifiers.ToPascal(child.Segment) + (tensorSegments.Contains(child.Segment) ? "Scope" : string.Empty);
            properties.Add(table.ClaimVisible(desired, child.Path + "/", displayName, _notes));
            segmentNames[child.Path + "/"] = renamed ?? Identifiers.ToPascal(child.Segment);
        }
        var childIds = new List<(Node Child, int Id, string Property, string ClassName)>();
        for (var c = 0; c < children.Count; c++)
        {
            var childClass = table.Claim(properties[c] + ScopeClassSuffix, children[c].Path + "/").Identifier;
            var childId = scopes.Count + 1;
            scopes.Add(new PlanScope(childId, id, properties[c], childClass, children[c].Path));
            childIds.Add((children[c], childId, properties[c], childClass));
        }
        foreach (var (child, childId, property, childClass) in childIds)
        {
            NameScope(child, childId, childClass, displayName + "." + property, ScopeMembers, scopes, placements, segmentNames);
        }
    }

    private string? Renamed(params string[] names)
    {
        foreach (var name in names.Where(n => n.Length > 0))
        {
            if (_renames.TryGetValue(name, out var identifier))
            {
                _renamesUsed.Add(name);
                return identifier;
            }
        }
        return null;
    }

    private sealed class Node
    {
        private readonly Dictionary<string, Node> _children = new(StringComparer.Ordinal);

        public Node(string segment, string path)
        {
            Segment = segment;
            Path = path;
        }

        public string Segment { get; }

        /// <summary>The scope's name in the checkpoint, <c>/</c>-joined.</summary>
        public string Path { get; }

        public List<Leaf> Tensors { get; } = new();

        public IEnumerable<Node> Children => _children.Values;

        public Node Child(string segment, string path)
        {
            if (!_children.TryGetValue(segment, out var child))
            {
                child = new Node(segment, path);
                _children[segment] = child;
            }
            return child;
        }
    }

    private sealed record Leaf(string Segment, string Path, LayoutInput Input, int Index);
}

/// <summary>A class's layout: its scopes in plan order, each tensor's placement, what was renamed by rule, and Rename entries that matched nothing.</summary>
internal sealed record LayoutResult(IReadOnlyList<PlanScope> Scopes, IReadOnlyList<TensorPlacement> Tensors, IReadOnlyList<string> Notes, IReadOnlyList<string> UnusedRenames);
