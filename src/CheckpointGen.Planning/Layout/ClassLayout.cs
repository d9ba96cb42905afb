using System.Globalization;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Naming;

namespace CheckpointGen.Planning.Layout;

/// <summary>What the layout needs to know of a kept tensor.</summary>
/// <param name="Key">The stored key.</param>
/// <param name="VariableName">The real name a graph gives, or empty.</param>
/// <param name="Rank">Its number of dimensions (one <c>Dim</c> constant each).</param>
/// <param name="Signature">What its property prints besides its name (dtype, shape, size): tensors differing in it never share a struct.</param>
/// <param name="Layer">Its place among a Keras model's layers, which names it instead of its key; null when it has none.</param>
internal sealed record LayoutInput(string Key, string VariableName, int Rank, string Signature, LayerPath? Layer = null);

/// <summary>A tensor's constants: in the Names class and the prefix of those in the Shapes class.</summary>
internal sealed record TensorPlacement(string FlatName, string ShapePrefix);

/// <summary>
/// The shape of a generated class, with every identifier resolved. The rules (README, "What is
/// generated", documents them):
/// <list type="bullet">
/// <item>each <c>/</c> part of a name is a nested scope; parts are PascalCased; a tensor named
/// like a sibling scope keeps the name and the scope's property gets <c>Scope</c> appended. The
/// name is the tensor's Keras layer path where it has one (<see cref="LayerPath"/>), else its
/// key, or its real name for a list-like key;</item>
/// <item>scopes are small structs nested in the generated class, named <c>{Property}_Scope</c>, a
/// form no property can take, so they never clash with members. Scopes of the same shape (the
/// same members, dtypes, shapes and relative storage order: the layers of a network) share one
/// struct, which holds its first tensor's index; sharing keeps the number of types, and so the
/// compile time, proportional to the model's distinct shapes rather than its size. A shared
/// struct is named after what its scopes' names have in common (<c>layer_00</c>…<c>layer_99</c>
/// → <c>Layer_Scope</c>); struct names that clash get <c>_2</c> silently (the user never names
/// these types);</item>
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

    /// <summary>The members every scope struct declares.</summary>
    public static readonly string[] ScopeMembers = { "_storage", "_base" };

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
            var path = t.Layer?.Segments.ToArray() ?? Identifiers.AccessorPath(t.Key, realName);
            paths[i] = path;
            var node = root;
            for (var p = 0; p < path.Length - 1; p++)
            {
                node = node.Child(path[p], string.Join("/", path.Take(p + 1)));
                node.Alias ??= t.Layer is { } layer && p < layer.ScopeAliases.Count ? layer.ScopeAliases[p] : null;
            }
            node.Tensors.Add(new Leaf(path[path.Length - 1], string.Join("/", path), t, i));
        }

        var segmentNames = new Dictionary<string, string>(StringComparer.Ordinal);
        layout.NameScope(root, className, className, RootMembers, segmentNames);
        var (types, members) = ScopeTypes(root, className, tensors.Count);

        var names = new NameTable(ObjectMembers.Append("Names"));
        var shapes = new NameTable(ObjectMembers.Append("Shapes"));
        var result = new TensorPlacement[tensors.Count];
        foreach (var i in Enumerable.Range(0, tensors.Count).OrderBy(i => tensors[i].Key, StringComparer.Ordinal))
        {
            var path = paths[i];
            var desired = string.Concat(path.Select((_, p) => segmentNames[string.Join("/", path.Take(p + 1)) + (p < path.Length - 1 ? "/" : string.Empty)]));
            var flat = names.ClaimVisible(desired, tensors[i].Key, className + ".Names", layout._notes);
            result[i] = new TensorPlacement(flat, ShapePrefix(shapes, flat, tensors[i]));
        }
        var unused = renames.Keys.Where(k => !layout._renamesUsed.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        return new LayoutResult(types, members, result, layout._notes, unused);
    }

    /// <summary>
    /// The scope structs: scopes grouped by shape (bottom-up, so a struct's children are declared
    /// before it), named, and the members of each struct and of the class itself (type 0).
    /// </summary>
    private static (List<PlanScopeType> Types, List<PlanMember> Members) ScopeTypes(Node root, string className, int tensorCount)
    {
        var bySignature = new Dictionary<string, List<Node>>(StringComparer.Ordinal);
        var order = new List<string>();
        Signature(root, bySignature, order);

        var typeNames = new NameTable(ObjectMembers.Concat(RootMembers).Append(className));
        var types = new List<PlanScopeType>();
        var members = new List<PlanMember>();
        foreach (var signature in order)
        {
            var instances = bySignature[signature];
            var first = instances[0];
            var id = types.Count + 1;
            var name = typeNames.Claim(CommonName(instances.Select(n => n.Property)) + ScopeClassSuffix, first.Path).Identifier;
            types.Add(new PlanScopeType(id, name, first.Path, first.Base, instances.Count));
            foreach (var n in instances)
            {
                n.TypeId = id;
            }
            members.AddRange(Members(first, id));
        }
        members.AddRange(Members(root, CheckpointPlan.RootScope));
        return (types, members);
    }

    private static IEnumerable<PlanMember> Members(Node node, int type) =>
        node.Tensors.Select(t => new PlanMember(type, t.Property, PlanMember.TensorMember, t.Index - node.Base))
            .Concat(node.Children.Select(c => new PlanMember(type, c.Property, c.TypeId, c.Base - node.Base)));

    /// <summary>
    /// A scope's shape as a string, computed bottom-up; scopes with equal signatures share a
    /// struct. It holds everything a struct's members print: names, dtypes, shapes, relative
    /// storage indices, and the children's signatures.
    /// </summary>
    private static string Signature(Node node, Dictionary<string, List<Node>> bySignature, List<string> order)
    {
        var childSignatures = node.Children.Select(c => Signature(c, bySignature, order)).ToList();
        node.Base = node.Tensors.Select(t => t.Index).Concat(node.Children.Select(c => c.Base)).DefaultIfEmpty(0).Min();
        if (node.Path.Length == 0)
        {
            return string.Empty;
        }
        var sb = new System.Text.StringBuilder();
        foreach (var t in node.Tensors)
        {
            sb.Append("t\0").Append(t.Property).Append('\0').Append(t.Segment).Append('\0').Append(t.Input.Signature).Append('\0').Append(t.Index - node.Base).Append('\n');
        }
        var children = node.Children.ToList();
        for (var c = 0; c < children.Count; c++)
        {
            sb.Append("s\0").Append(children[c].Property).Append('\0').Append(children[c].Segment).Append('\0').Append(children[c].Base - node.Base).Append('\0').Append(childSignatures[c]).Append('\n');
        }
        var signature = sb.ToString();
        if (!bySignature.TryGetValue(signature, out var instances))
        {
            bySignature[signature] = instances = new List<Node>();
            order.Add(signature);
        }
        instances.Add(node);
        return signature;
    }

    /// <summary>What the names of a struct's scopes have in common (<c>Layer00</c>…<c>Layer99</c> → <c>Layer</c>), else the first name; properties start with a letter or an underscore, so a prefix is an identifier.</summary>
    private static string CommonName(IEnumerable<string> properties)
    {
        var names = properties.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 1)
        {
            return names[0];
        }
        var prefix = names.Aggregate((a, b) => a.Substring(0, Enumerable.Range(0, Math.Min(a.Length, b.Length)).TakeWhile(k => a[k] == b[k]).Count()))
            .TrimEnd('_', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        if (prefix.Length > 0)
        {
            return prefix;
        }
        // SelfAttention and EncDecAttention → Attention.
        var suffix = names.Aggregate((a, b) => a.Substring(a.Length - Enumerable.Range(1, Math.Min(a.Length, b.Length)).TakeWhile(k => a[a.Length - k] == b[b.Length - k]).Count()));
        var word = Enumerable.Range(0, suffix.Length).FirstOrDefault(k => char.IsUpper(suffix[k]), -1);
        return word >= 0 ? suffix.Substring(word) : names[0];
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

    /// <summary>Names the members of <paramref name="scope"/> (tensors first, then child scopes, each in ordinal order) and of its children.</summary>
    private void NameScope(Node scope, string className, string displayName, IEnumerable<string> members, Dictionary<string, string> segmentNames)
    {
        // A member may not be named like its enclosing type (CS0542).
        var table = new NameTable(ObjectMembers.Concat(members).Append(className));
        scope.Tensors.Sort((a, b) => a.Segment != b.Segment ? string.CompareOrdinal(a.Segment, b.Segment) : string.CompareOrdinal(a.Input.Key, b.Input.Key));
        foreach (var tensor in scope.Tensors)
        {
            var renamed = Renamed(tensor.Input.Key, Identifiers.WithoutAttributeSuffix(tensor.Input.Key), tensor.Input.VariableName, tensor.Path);
            tensor.Property = table.ClaimVisible(renamed ?? Identifiers.ToPascal(tensor.Segment), tensor.Input.Key, displayName, _notes);
            segmentNames[tensor.Path] = renamed ?? Identifiers.ToPascal(tensor.Segment);
        }
        var tensorSegments = new HashSet<string>(scope.Tensors.Select(t => t.Segment), StringComparer.Ordinal);
        foreach (var child in scope.Children)
        {
            // A variable and the scope of the variables named after it (TF1 optimizer slots such
            // as bias and bias/Adagrad) are a pattern, not a clash: the variable keeps the name,
            // the scope is BiasScope.
            var renamed = Renamed(child.Path + "/", child.Alias is null ? string.Empty : child.Alias + "/");
            var desired = renamed ?? Identifiers.ToPascal(child.Segment) + (tensorSegments.Contains(child.Segment) ? "Scope" : string.Empty);
            child.Property = table.ClaimVisible(desired, child.Path + "/", displayName, _notes);
            segmentNames[child.Path + "/"] = renamed ?? Identifiers.ToPascal(child.Segment);
        }
        foreach (var child in scope.Children)
        {
            // The struct's name is not known yet; it has the _Scope form no member can take.
            NameScope(child, string.Empty, displayName + "." + child.Property, ScopeMembers, segmentNames);
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

        /// <summary>The child scopes in ordinal order of their segments.</summary>
        public IEnumerable<Node> Children => _children.Values.OrderBy(c => c.Segment, StringComparer.Ordinal);

        /// <summary>Its property in the parent.</summary>
        public string Property { get; set; } = string.Empty;

        /// <summary>A Keras layer's object path (<c>layer_with_weights-0</c>), which Rename accepts as well as <see cref="Path"/>; null for other scopes.</summary>
        public string? Alias { get; set; }

        /// <summary>The smallest storage index in the scope: its struct's members count from it.</summary>
        public int Base { get; set; }

        /// <summary>Its struct.</summary>
        public int TypeId { get; set; }

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

    private sealed class Leaf(string segment, string path, LayoutInput input, int index)
    {
        public string Segment { get; } = segment;

        public string Path { get; } = path;

        public LayoutInput Input { get; } = input;

        public int Index { get; } = index;

        public string Property { get; set; } = string.Empty;
    }
}

/// <summary>A class's layout: its scope structs, the members of each and of the class, each tensor's constants, what was renamed by rule, and Rename entries that matched nothing.</summary>
internal sealed record LayoutResult(
    IReadOnlyList<PlanScopeType> Types, IReadOnlyList<PlanMember> Members, IReadOnlyList<TensorPlacement> Tensors, IReadOnlyList<string> Notes, IReadOnlyList<string> UnusedRenames);
