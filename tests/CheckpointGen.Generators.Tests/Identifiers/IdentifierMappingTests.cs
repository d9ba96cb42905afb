using CheckpointGen.Contracts.Plan;
using CheckpointGen.Generators.Tests.Infrastructure;

namespace CheckpointGen.Generators.Tests.Identifiers;

/// <summary>
/// TensorFlow names → C# identifiers, as the planner resolves them and the generator prints them:
/// exact accessor paths and <c>Names</c> constants for the awkward names real checkpoints have,
/// and deterministic collision handling, told as planner notes (CG1020 infos in a build), never
/// as generator diagnostics. Every generated class here must also compile without a warning.
/// </summary>
public sealed class IdentifierMappingTests
{
    [Fact]
    public void Keywords_become_PascalCase_identifiers()
    {
        var manifest = new TestPlan().Tensor("class").Tensor("int/float").Tensor("namespace/static/void");

        var (accessors, names, collisions) = Generate(manifest);

        Assert.Equal(Map(("Class", "class"), ("Int.Float", "int/float"), ("Namespace.Static.Void", "namespace/static/void")), accessors);
        Assert.Equal(Map(("Class", "class"), ("IntFloat", "int/float"), ("NamespaceStaticVoid", "namespace/static/void")), names);
        Assert.Empty(collisions);
    }

    [Fact]
    public void List_indices_give_way_to_the_real_variable_name_and_leading_digits_get_an_underscore()
    {
        var manifest = new TestPlan()
            .Tensor("variables/0/.ATTRIBUTES/VARIABLE_VALUE", variableName: "dense/kernel")
            .Tensor("variables/1/.ATTRIBUTES/VARIABLE_VALUE")
            .Tensor("0abc")
            .Tensor("conv/3x3");

        var (accessors, names, collisions) = Generate(manifest);

        Assert.Equal(
            Map(("Dense.Kernel", "variables/0/.ATTRIBUTES/VARIABLE_VALUE"), ("Variables._1", "variables/1/.ATTRIBUTES/VARIABLE_VALUE"), ("_0abc", "0abc"), ("Conv._3x3", "conv/3x3")),
            accessors);
        Assert.Equal(
            Map(("DenseKernel", "variables/0/.ATTRIBUTES/VARIABLE_VALUE"), ("Variables_1", "variables/1/.ATTRIBUTES/VARIABLE_VALUE"), ("_0abc", "0abc"), ("Conv_3x3", "conv/3x3")),
            names);
        Assert.Empty(collisions);
    }

    [Fact]
    public void Dashes_dots_and_underscores_separate_words()
    {
        var manifest = new TestPlan().Tensor("conv-1.weight").Tensor("block.2/attn-out/w_q");

        var (accessors, names, _) = Generate(manifest);

        Assert.Equal(Map(("Conv1Weight", "conv-1.weight"), ("Block2.AttnOut.WQ", "block.2/attn-out/w_q")), accessors);
        Assert.Equal(Map(("Conv1Weight", "conv-1.weight"), ("Block2AttnOutWQ", "block.2/attn-out/w_q")), names);
    }

    [Fact]
    public void Object_based_keys_lose_their_attribute_suffix()
    {
        var manifest = new TestPlan()
            .Tensor("layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE", variableName: "dense/bias")
            .Tensor("layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE")
            .Tensor("save_counter/.ATTRIBUTES/VARIABLE_VALUE");

        var (accessors, names, _) = Generate(manifest);

        Assert.Equal(
            Map(("LayerWithWeights0.Bias", "layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE"),
                ("LayerWithWeights0.Kernel", "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE"),
                ("SaveCounter", "save_counter/.ATTRIBUTES/VARIABLE_VALUE")),
            accessors);
        Assert.Equal(new[] { "LayerWithWeights0Bias", "LayerWithWeights0Kernel", "SaveCounter" }, names.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Non_ASCII_letters_are_kept()
    {
        var (accessors, _, _) = Generate(new TestPlan().Tensor("résumé/poids"));

        Assert.Equal(Map(("Résumé.Poids", "résumé/poids")), accessors);
    }

    [Fact]
    public void Names_that_differ_only_in_separators_collide_and_the_later_one_gets_a_suffix()
    {
        var (accessors, names, collisions) = Generate(new TestPlan().Tensor("layer-1").Tensor("layer_1"));

        Assert.Equal(Map(("Layer1", "layer-1"), ("Layer1_2", "layer_1")), accessors);
        Assert.Equal(Map(("Layer1", "layer-1"), ("Layer1_2", "layer_1")), names);
        Assert.Equal(
            new[]
            {
                "in Model, 'layer_1' maps to 'Layer1', which 'layer-1' already has; it is generated as 'Layer1_2'",
                "in Model.Names, 'layer_1' maps to 'Layer1', which 'layer-1' already has; it is generated as 'Layer1_2'",
            },
            collisions);
    }

    [Fact]
    public void Names_that_differ_only_in_case_collide()
    {
        var (accessors, _, collisions) = Generate(new TestPlan().Tensor("W").Tensor("w"));

        Assert.Equal(Map(("W", "W"), ("W_2", "w")), accessors);
        Assert.Equal(2, collisions.Count);
    }

    [Fact]
    public void A_variable_and_the_scope_named_after_it_are_Name_and_NameScope_without_a_note()
    {
        var manifest = new TestPlan().Tensor("w").Tensor("w/Adam");

        var (accessors, names, collisions) = Generate(manifest, out var run);

        Assert.Equal(Map(("W", "w"), ("WScope.Adam", "w/Adam")), accessors);
        Assert.Equal(Map(("W", "w"), ("WAdam", "w/Adam")), names);
        Assert.Contains("WScope_Scope", GeneratedApi.NestedTypes(run.Compilation, "Models.Model"));
        Assert.Empty(collisions);
    }

    [Fact]
    public void A_real_name_shared_by_several_tensors_gives_way_to_the_stored_key()
    {
        var manifest = new TestPlan()
            .Tensor("keras_api/metrics/0/count/.ATTRIBUTES/VARIABLE_VALUE", variableName: "count")
            .Tensor("keras_api/metrics/1/count/.ATTRIBUTES/VARIABLE_VALUE", variableName: "count")
            .Tensor("variables/0/.ATTRIBUTES/VARIABLE_VALUE", variableName: "dense/kernel");

        var (accessors, _, collisions) = Generate(manifest, out _);

        Assert.Equal(
            Map(("KerasApi.Metrics._0.Count", "keras_api/metrics/0/count/.ATTRIBUTES/VARIABLE_VALUE"),
                ("KerasApi.Metrics._1.Count", "keras_api/metrics/1/count/.ATTRIBUTES/VARIABLE_VALUE"),
                ("Dense.Kernel", "variables/0/.ATTRIBUTES/VARIABLE_VALUE")),
            accessors);
        Assert.Empty(collisions);
    }

    [Fact]
    public void Scope_classes_never_clash_with_members()
    {
        var manifest = new TestPlan().Tensor("dense_scope").Tensor("dense/kernel").Tensor("dense/dense_scope/x");

        var (accessors, _, collisions) = Generate(manifest, out var run);

        Assert.Equal(Map(("Dense.DenseScope.X", "dense/dense_scope/x"), ("Dense.Kernel", "dense/kernel"), ("DenseScope", "dense_scope")), accessors);
        Assert.Contains("Dense_Scope", GeneratedApi.NestedTypes(run.Compilation, "Models.Model"));
        Assert.Empty(collisions);
    }

    [Theory]
    [InlineData("model/inducing_variable/inducing_variable/Z", "Model_2.InducingVariable.InducingVariable.Z")]
    [InlineData("a/a/a/a/w", "A.A.A.A.W")]
    [InlineData("model/model_scope/w", "Model_2.ModelScope.W")]
    public void A_scope_named_like_its_parent_at_any_depth_is_no_collision(string key, string accessor)
    {
        var (accessors, _, collisions) = Generate(new TestPlan().Tensor(key, shape: new long[] { 2 }));

        Assert.Equal(Map((accessor, key)), accessors);
        // Only the class's own name is a user-visible clash (a property may not be named like its class).
        Assert.All(collisions, c => Assert.Contains("which the generated member Model already has", c, StringComparison.Ordinal));
    }

    [Fact]
    public void A_top_level_scope_named_like_the_class_is_renamed_with_a_note()
    {
        var (accessors, _, collisions) = Generate(new TestPlan("Huge").Tensor("huge/w"));

        Assert.Equal(Map(("Huge_2.W", "huge/w")), accessors);
        Assert.Equal(new[] { "in Huge, 'huge/' maps to 'Huge', which the generated member Huge already has; it is generated as 'Huge_2'" }, collisions);
    }

    [Fact]
    public void Rename_sets_the_identifier_of_a_variable_or_a_scope()
    {
        var manifest = new TestPlan("Huge").Tensor("huge/w").Tensor("W").Tensor("w").Rename("huge/", "Body").Rename("w", "LowerW");

        var (accessors, names, collisions) = Generate(manifest);

        Assert.Equal(Map(("Body.W", "huge/w"), ("LowerW", "w"), ("W", "W")), accessors);
        Assert.Equal(Map(("BodyW", "huge/w"), ("LowerW", "w"), ("W", "W")), names);
        Assert.Empty(collisions);
    }

    [Fact]
    public void Names_of_generated_members_and_the_class_itself_are_not_taken_by_tensors()
    {
        var manifest = new TestPlan();
        string[] taken = { "dispose", "embedded", "embedded_instance", "equals", "get", "get_strings", "model", "names", "open", "shapes", "signatures", "storage", "to_string" };
        foreach (var name in taken)
        {
            manifest.Tensor(name);
        }

        var (accessors, names, collisions) = Generate(manifest);

        Assert.Equal(
            new[] { "Dispose_2", "EmbeddedInstance_2", "Embedded_2", "Equals_2", "GetStrings_2", "Get_2", "Model_2", "Names_2", "Open_2", "Shapes_2", "Signatures_2", "Storage_2", "ToString_2" },
            accessors.Keys);
        Assert.Equal(taken, accessors.Values.Order(StringComparer.Ordinal));
        Assert.Equal("names", names["Names_2"]);
        Assert.Equal("shapes", names["Shapes"]);
        Assert.Equal("to_string", names["ToString_2"]);
        Assert.Contains("in Model, 'names' maps to 'Names', which the generated member Names already has; it is generated as 'Names_2'", collisions);
    }

    /// <summary>Issue 7: no checkpoint's names can break a build with warnings as errors.</summary>
    [Fact]
    public void Hostile_names_all_together_compile_with_no_diagnostic()
    {
        string[] hostile =
        {
            "class", "namespace/static/void", "names", "storage", "get", "open", "dispose", "to_string", "get_hash_code", "_storage", "s_descriptors",
            "a-b", "a_b", "a.b", "W", "w", "0abc", "1", "a//b", "//", "/", "", "trailing/", "model", "model/w", "model/model/model/w",
            "inducing/inducing/Z", "inducing/inducing_scope", "x", "x/x", "x/x_scope", "résumé/poids", "数据/权重", "emoji\U0001F600", "new\nline", "tab\tq", "para\u2029sep",
            "quote\"back\\slash", "xml<&>", "shapes", "shapes_rank", "shapes/rank", "w_rank", "w_dim0", "w_length", "key", "signatures",
        };
        var plan = new TestPlan();
        foreach (var name in hostile)
        {
            plan.Tensor(name, shape: new long[] { 2, 3 });
        }
        plan.Signature("serving_default", new[] { "inputs", "key", "to_string", "shape" }, new[] { "outputs", "inputs" }).Signature("__init__", new[] { "x" }, Array.Empty<string>());

        var (accessors, names, _) = Generate(plan);

        Assert.Equal(hostile.Length, accessors.Count);
        Assert.Equal(hostile.Length, names.Count);
    }

    [Fact]
    public void Shape_constants_are_flat_and_prefixed_by_the_tensors_name()
    {
        var manifest = new TestPlan().Tensor("rank", shape: new long[] { 2, 3 }).Tensor("length");

        var (_, names, collisions) = Generate(manifest, out var run);

        Assert.Equal(Map(("Length", "length"), ("Rank", "rank")), names);
        var shapes = GeneratedApi.Constants(run.Compilation, "Models.Model+Shapes");
        Assert.Equal(2, shapes["RankRank"]);
        Assert.Equal(2L, shapes["RankDim0"]);
        Assert.Equal(3L, shapes["RankDim1"]);
        Assert.Equal(6L, shapes["RankLength"]);
        Assert.Equal(0, shapes["LengthRank"]);
        Assert.Empty(collisions);
    }

    [Fact]
    public void Collisions_resolve_the_same_whatever_the_manifest_order()
    {
        string[] tensors = { "layer_1", "layer-1", "w/Adam", "w", "W" };
        var forward = new TestPlan();
        var backward = new TestPlan();
        foreach (var t in tensors)
        {
            forward.Tensor(t);
        }
        foreach (var t in tensors.Reverse())
        {
            backward.Tensor(t);
        }

        var first = Generate(forward);
        var second = Generate(backward);

        Assert.Equal(first.Accessors, second.Accessors);
        Assert.Equal(first.Names, second.Names);
        Assert.Equal(first.Collisions.Order(StringComparer.Ordinal), second.Collisions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Signature_and_tensor_info_names_do_not_clash_with_their_members()
    {
        var manifest = new TestPlan().Tensor("w")
            .Signature("serving_default", new[] { "inputs", "shape", "key", "equals" }, new[] { "outputs", "dtype" })
            .Signature("key", new[] { "x" }, new[] { "y" })
            .Signature("to_string", Array.Empty<string>(), Array.Empty<string>());

        var run = GeneratorHarness.Generate(manifest.Text()).AssertNoCrash().AssertCompilesCleanly();

        Assert.Equal(new[] { "Key_2", "ServingDefault", "ToString_2" }, GeneratedApi.NestedTypes(run.Compilation, "Models.Model+Signatures").Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { "Equals_2", "Inputs_2", "Key_2", "Shape_2" },
            GeneratedApi.NestedTypes(run.Compilation, "Models.Model+Signatures+ServingDefault+Inputs").Order(StringComparer.Ordinal));
        Assert.Equal("shape:0", GeneratedApi.Constants(run.Compilation, "Models.Model+Signatures+ServingDefault+Inputs+Shape_2")["TensorName"]);
    }

    private static Generated Generate(TestPlan manifest) => Generate(manifest, out _);

    private static Generated Generate(TestPlan manifest, out GeneratorRun run)
    {
        run = GeneratorHarness.Generate(manifest.Text()).AssertNoCrash().AssertCompilesCleanly();
        Assert.Empty(run.Diagnostics);
        var names = GeneratedApi.Constants(run.Compilation, $"Models.{manifest.ClassName}+Names").ToDictionary(p => p.Key, p => (string)p.Value!);
        return new Generated(
            GeneratedApi.Accessors(run, PlanFormat.Read(manifest.Text(), "test.cgplan")),
            new SortedDictionary<string, string>(names, StringComparer.Ordinal),
            manifest.Notes);
    }

    private static SortedDictionary<string, string> Map(params (string Identifier, string Name)[] pairs) =>
        new(pairs.ToDictionary(p => p.Identifier, p => p.Name), StringComparer.Ordinal);

    private sealed record Generated(IReadOnlyDictionary<string, string> Accessors, IReadOnlyDictionary<string, string> Names, IReadOnlyList<string> Collisions);
}
