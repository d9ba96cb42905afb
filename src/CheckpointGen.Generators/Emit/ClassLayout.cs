using CheckpointGen.Manifest;

namespace CheckpointGen.Generators.Emit;

/// <summary>
/// The shape of a generated class: nested scope classes per <c>/</c> part, a property per
/// tensor, and flat names for the Names and Shapes classes, all with unique identifiers.
/// Collisions are resolved deterministically (ordinal order of the original names, then a
/// numeric suffix) and recorded so the generator can warn about each.
/// </summary>
internal sealed class ClassLayout
{
    /// <summary>What every generated class inherits from object: a member of the same name would hide it (CS0108).</summary>
    public static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize" };

    /// <summary>The root class's own members, private ones included, which no tensor may take.</summary>
    private static readonly string[] RootMembers =
    {
        "Embedded", "EmbeddedInstance", "Open", "Get", "GetStrings", "Storage", "Dispose", "Names", "Shapes", "Signatures",
    };

    private ClassLayout(Scope root, IReadOnlyList<string> flatNames, IReadOnlyList<Collision> collisions)
    {
        Root = root;
        FlatNames = flatNames;
        Collisions = collisions;
    }

    public Scope Root { get; }

    /// <summary>Per tensor index: its identifier in the Names and Shapes classes.</summary>
    public IReadOnlyList<string> FlatNames { get; }

    public IReadOnlyList<Collision> Collisions { get; }

    public static ClassLayout Build(CheckpointManifest manifest)
    {
        var collisions = new List<Collision>();
        var root = new Scope(string.Empty, string.Empty, manifest.ClassName);
        var paths = new string[manifest.Tensors.Count][];
        // A real name stands in for a list-like key only when it names one tensor: Keras metrics
        // all call their accumulators "count" and "total".
        var realNameUses = manifest.Tensors.Where(t => t.VariableName.Length > 0)
            .GroupBy(t => t.VariableName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        for (var i = 0; i < manifest.Tensors.Count; i++)
        {
            var t = manifest.Tensors[i];
            var realName = t.VariableName.Length > 0 && realNameUses[t.VariableName] == 1 ? t.VariableName : string.Empty;
            var path = IdentifierMapper.AccessorPath(t.Name, realName);
            paths[i] = path;
            var node = root;
            for (var p = 0; p < path.Length - 1; p++)
            {
                node = node.Child(path[p], string.Join("/", path.Take(p + 1)));
            }
            node.Tensors.Add(new Member(path[path.Length - 1], t.Name, i));
        }
        NameScope(root, manifest.ClassName, RootMembers.Concat(ObjectMembers), collisions);

        var flat = new NameTable(manifest.ClassName + ".Names", FlatReserved(), collisions);
        var flatNames = new string[paths.Length];
        foreach (var i in Enumerable.Range(0, paths.Length).OrderBy(i => manifest.Tensors[i].Name, StringComparer.Ordinal))
        {
            flatNames[i] = flat.Claim(string.Concat(paths[i].Select(IdentifierMapper.ToPascal)), manifest.Tensors[i].Name);
        }
        return new ClassLayout(root, flatNames, collisions);
    }

    /// <summary>Flat names are members of Names (and prefixes of Shapes constants), so they may not be either class's name or an object member.</summary>
    private static IEnumerable<string> FlatReserved() => new[] { "Names", "Shapes" }.Concat(ObjectMembers);

    private static void NameScope(Scope scope, string displayName, IEnumerable<string> reserved, List<Collision> collisions)
    {
        var table = new NameTable(displayName, reserved.Concat(new[] { scope.ClassName }), collisions);
        foreach (var tensor in scope.Tensors.OrderBy(m => m.Segment, StringComparer.Ordinal).ThenBy(m => m.OriginalName, StringComparer.Ordinal))
        {
            tensor.Identifier = table.Claim(IdentifierMapper.ToPascal(tensor.Segment), tensor.OriginalName);
        }
        var tensorSegments = new HashSet<string>(scope.Tensors.Select(t => t.Segment), StringComparer.Ordinal);
        foreach (var child in scope.Children.OrderBy(c => c.Segment, StringComparer.Ordinal))
        {
            // A variable and the scope of the variables named after it (TF1 optimizer slots such
            // as bias and bias/Adagrad) are a pattern, not a clash: the variable keeps the name,
            // the scope is BiasScope.
            var desired = IdentifierMapper.ToPascal(child.Segment) + (tensorSegments.Contains(child.Segment) ? "Scope" : string.Empty);
            child.PropertyName = table.Claim(desired, child.OriginalName + "/");
            child.ClassName = table.Claim(child.PropertyName + "Scope", child.OriginalName + "/");
            NameScope(child, displayName + "." + child.PropertyName, ObjectMembers, collisions);
        }
    }

    /// <summary>A class's member names, handing out unique identifiers.</summary>
    private sealed class NameTable
    {
        private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);
        private readonly string _where;
        private readonly List<Collision> _collisions;

        public NameTable(string where, IEnumerable<string> reserved, List<Collision> collisions)
        {
            _where = where;
            _collisions = collisions;
            foreach (var name in reserved)
            {
                _owners[name] = "(generated member " + name + ")";
            }
        }

        public string Claim(string desired, string original)
        {
            if (!_owners.TryGetValue(desired, out var owner))
            {
                _owners[desired] = original;
                return desired;
            }
            var n = 2;
            string candidate;
            do
            {
                candidate = desired + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                n++;
            }
            while (_owners.ContainsKey(candidate));
            _owners[candidate] = original;
            _collisions.Add(new Collision(_where, owner, original, desired, candidate));
            return candidate;
        }
    }

    /// <summary>A name scope: a nested class in the generated code.</summary>
    internal sealed class Scope
    {
        private readonly Dictionary<string, Scope> _children = new(StringComparer.Ordinal);

        public Scope(string segment, string originalName, string className)
        {
            Segment = segment;
            OriginalName = originalName;
            ClassName = className;
        }

        public string Segment { get; }

        public string OriginalName { get; }

        public string PropertyName { get; set; } = string.Empty;

        public string ClassName { get; set; }

        public List<Member> Tensors { get; } = new();

        public IEnumerable<Scope> Children => _children.Values.OrderBy(c => c.Segment, StringComparer.Ordinal);

        public Scope Child(string segment, string originalName)
        {
            if (!_children.TryGetValue(segment, out var child))
            {
                child = new Scope(segment, originalName, string.Empty);
                _children[segment] = child;
            }
            return child;
        }
    }

    /// <summary>A tensor property.</summary>
    internal sealed class Member
    {
        public Member(string segment, string originalName, int index)
        {
            Segment = segment;
            OriginalName = originalName;
            Index = index;
        }

        public string Segment { get; }

        public string OriginalName { get; }

        public int Index { get; }

        public string Identifier { get; set; } = string.Empty;
    }

    /// <summary>Two names that map to one identifier, and what the second became.</summary>
    internal sealed record Collision(string Where, string First, string Second, string Identifier, string Resolved);
}
