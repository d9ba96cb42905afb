using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tests;

namespace CheckpointGen.Planning.Tests.Keras;

/// <summary>
/// Accessors of Keras SavedModels are named after the layers, as Keras names them, by the
/// planner: real fixtures (keras_metadata.pb; TF 2.3's JSON in the object graph), a hand-made
/// model with nested layers and a collision, damaged Keras records, and models without them.
/// </summary>
public sealed class KerasLayerNameTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "checkpointgen-keras-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void An_LSTM_s_cell_weights_listed_as_variables_N_become_the_LSTM_s_own_and_the_dense_layer_is_named_dense()
    {
        var plan = Plan(FixturePaths.Get("tfnet-keras-lstm_from_sequential"));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Dense.Bias"] = "layer_with_weights-1/bias/.ATTRIBUTES/VARIABLE_VALUE",
                ["Dense.Kernel"] = "layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE",
                ["Lstm.Bias"] = "variables/2/.ATTRIBUTES/VARIABLE_VALUE",
                ["Lstm.Kernel"] = "variables/0/.ATTRIBUTES/VARIABLE_VALUE",
                ["Lstm.RecurrentKernel"] = "variables/1/.ATTRIBUTES/VARIABLE_VALUE",
            },
            Accessors(plan.Plan!));
        // The positional keys stay reachable: the Names constants hold them.
        Assert.Contains(plan.Plan!.Tensors, t => t.FlatName == "LstmKernel" && t.Key == "variables/0/.ATTRIBUTES/VARIABLE_VALUE");
    }

    [Fact]
    public void A_TF_2_3_model_without_keras_metadata_takes_the_names_from_its_object_graph()
    {
        var plan = Plan(FixturePaths.Get("tfx-keras-savedmodel"));

        var accessors = Accessors(plan.Plan!);
        Assert.Equal(new[] { "Dense.Bias", "Dense.Kernel", "Dense1.Bias", "Dense1.Kernel", "Dense2.Bias", "Dense2.Kernel" }, accessors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE", accessors["Dense1.Kernel"]);
    }

    [Fact]
    public void Without_keras_metadata_a_model_keeps_its_positional_names()
    {
        var copy = CopyFixture("tfnet-keras-lstm_from_sequential");
        File.Delete(Path.Combine(copy, "keras_metadata.pb"));

        var accessors = Accessors(Plan(copy).Plan!);

        Assert.Contains("LayerWithWeights1.Kernel", accessors.Keys);
        Assert.Contains("Lstm.LstmCell.Kernel", accessors.Keys);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nested_models_and_sublayers_nest_as_scopes_and_names_alike_after_PascalCasing_are_told_apart(bool legacyMetadata)
    {
        var (model, keys) = NestedModel();
        model.Write(_folder, legacyMetadata);

        var plan = Plan(_folder);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Encoder.Dense1.Proj.Kernel"] = keys["proj"],
                ["Encoder.Dense1_2.Bias"] = keys["dense_1/bias"],
                ["Encoder.Dense1_2.Kernel"] = keys["dense_1/kernel"],
                ["ExtraWeight"] = keys["extra"],
                ["Gru.Bias"] = keys["gru/bias"],
                ["Gru.Kernel"] = keys["gru/kernel"],
                ["Gru.RecurrentKernel"] = keys["gru/recurrent_kernel"],
            },
            Accessors(plan.Plan!));
        var note = Assert.Single(plan.Diagnostics, d => d.Code == PlanDiagnostic.NamesResolved);
        Assert.Contains("'encoder/dense_1/' maps to 'Dense1'", note.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rename_takes_a_layer_s_positional_path_its_Keras_path_or_a_variable_s_key()
    {
        var (model, keys) = NestedModel();
        model.Write(_folder);

        var plan = Plan(_folder, $"layer_with_weights-1/=Recurrent;encoder/=Enc;{keys["gru/kernel"]}=W");

        var accessors = Accessors(plan.Plan!);
        Assert.Equal(keys["gru/kernel"], accessors["Recurrent.W"]);
        Assert.Equal(keys["proj"], accessors["Enc.Dense1.Proj.Kernel"]);
    }

    [Fact]
    public void A_truncated_keras_metadata_file_is_CG1021_naming_the_file_and_the_offset()
    {
        var copy = CopyFixture("tfnet-keras-lstm_from_sequential");
        var file = Path.Combine(copy, "keras_metadata.pb");
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes.AsSpan(0, bytes.Length - 100).ToArray());

        var plan = Plan(copy);

        Assert.Null(plan.Plan);
        var error = Assert.Single(plan.Diagnostics, d => d.Severity == PlanSeverity.Error);
        Assert.Equal(PlanDiagnostic.KerasMetadataDamaged, error.Code);
        Assert.Matches(@"keras_metadata\.pb at offset \d+: not a valid Keras SavedMetadata", error.Message);
        Assert.StartsWith(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keras_JSON_that_does_not_parse_is_CG1021_naming_the_file_and_the_entry()
    {
        var copy = CopyFixture("tfnet-keras-lstm_from_sequential");
        var file = Path.Combine(copy, "keras_metadata.pb");
        var bytes = File.ReadAllBytes(file);
        // A "name" key of the layers' JSON loses its closing quote.
        var at = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("{\"name\": \"lstm\"", StringComparison.Ordinal) + 6;
        bytes[at] = (byte)'{';
        File.WriteAllBytes(file, bytes);

        var error = Assert.Single(Plan(copy).Diagnostics, d => d.Severity == PlanSeverity.Error);

        Assert.Equal(PlanDiagnostic.KerasMetadataDamaged, error.Code);
        Assert.Matches(@"keras_metadata\.pb, entry at byte \d+: the Keras metadata of a _tf_keras_\w+ is not valid JSON: .* LineNumber: 0 \| BytePositionInLine: \d+", error.Message);
    }

    [Fact]
    public void A_mutated_keras_metadata_file_plans_or_is_CG1021_never_another_failure()
    {
        var copy = CopyFixture("tfnet-keras-lstm_from_sequential");
        var file = Path.Combine(copy, "keras_metadata.pb");
        var original = File.ReadAllBytes(file);
        var random = new Random(1021);
        var outcomes = new HashSet<string>();
        for (var mutant = 0; mutant < 60; mutant++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            File.WriteAllBytes(file, mutant % 4 == 0 ? bytes.AsSpan(0, random.Next(bytes.Length)).ToArray() : bytes);

            var plan = Plan(copy);

            var errors = plan.Diagnostics.Where(d => d.Severity == PlanSeverity.Error).ToList();
            Assert.True(plan.Succeeded || errors.All(e => e.Code == PlanDiagnostic.KerasMetadataDamaged && e.Message.Contains(file, StringComparison.Ordinal)),
                $"mutant {mutant}: {string.Join("\n", plan.Diagnostics)}");
            outcomes.Add(plan.Succeeded ? "planned" : "CG1021");
        }
        Assert.Equal(new[] { "CG1021", "planned" }, outcomes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Keras_records_of_another_model_are_CG1021()
    {
        var (model, _) = NestedModel();
        model.Write(_folder);
        var other = new SyntheticKerasModel("_tf_keras_sequential", "other");
        for (var i = 0; i < 30; i++)
        {
            other.Layer(0, "layer-" + i, "_tf_keras_layer", "l" + i, "Dense");
        }
        var otherFolder = Path.Combine(_folder, "other");
        other.Write(otherFolder);
        File.Copy(Path.Combine(otherFolder, "keras_metadata.pb"), Path.Combine(_folder, "keras_metadata.pb"), overwrite: true);

        var error = Assert.Single(Plan(_folder).Diagnostics, d => d.Severity == PlanSeverity.Error);

        Assert.Equal(PlanDiagnostic.KerasMetadataDamaged, error.Code);
        Assert.Contains("the file belongs to another SavedModel", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Sequential holding a Functional <c>encoder</c> (a dense layer <c>dense_1</c> and a custom
    /// layer <c>dense1</c> with a sublayer <c>proj</c>: both PascalCase to Dense1) and a GRU whose
    /// cell weights are reached first through the model's variables list, plus a variable in a
    /// list no layer holds by name. The variables' keys by a short name.
    /// </summary>
    private static (SyntheticKerasModel Model, Dictionary<string, string> Keys) NestedModel()
    {
        var model = new SyntheticKerasModel("_tf_keras_sequential", "outer");
        var encoder = model.Layer(0, "layer_with_weights-0", "_tf_keras_network", "encoder", "Functional");
        var gru = model.Layer(0, "layer_with_weights-1", "_tf_keras_rnn_layer", "gru", "GRU");
        var list = model.Wrapper(0, "variables");
        var extras = model.Wrapper(0, "extras");
        var dense = model.Layer(encoder, "layer_with_weights-0", "_tf_keras_layer", "dense_1", "Dense");
        var block = model.Layer(encoder, "layer_with_weights-1", "_tf_keras_layer", "dense1", "Block");
        var proj = model.Layer(block, "proj", "_tf_keras_layer", "proj", "Dense");
        var cell = model.Layer(gru, "cell", "_tf_keras_layer", "gru_cell", "GRUCell");
        var variables = new Dictionary<string, int>
        {
            ["gru/kernel"] = model.Variable(cell, "kernel", "gru/gru_cell/kernel", 3, 12),
            ["gru/recurrent_kernel"] = model.Variable(cell, "recurrent_kernel", "gru/gru_cell/recurrent_kernel", 4, 12),
            ["gru/bias"] = model.Variable(cell, "bias", "gru/gru_cell/bias", 2, 12),
            ["dense_1/kernel"] = model.Variable(dense, "kernel", "dense_1/kernel", 3, 4),
            ["dense_1/bias"] = model.Variable(dense, "bias", "dense_1/bias", 4),
            ["proj"] = model.Variable(proj, "kernel", "proj/kernel", 4, 4),
            ["extra"] = model.Variable(extras, "0", "extra_weight", 2),
        };
        foreach (var (name, i) in new[] { "gru/kernel", "gru/recurrent_kernel", "gru/bias", "dense_1/kernel" }.Select((n, i) => (n, i)))
        {
            model.Edge(list, i.ToString(System.Globalization.CultureInfo.InvariantCulture), variables[name]);
        }
        return (model, variables.ToDictionary(v => v.Key, v => model.Key(v.Value)));
    }

    [Fact]
    public void Keras_metadata_is_an_input_of_the_item_so_changing_it_re_plans()
    {
        var index = new OutputIndex();

        Plan(FixturePaths.Get("tfnet-keras-lstm_from_sequential"), index: index);

        Assert.Contains(Path.Combine(FixturePaths.Get("tfnet-keras-lstm_from_sequential"), "keras_metadata.pb"), index.Inputs);
    }

    private ItemPlan Plan(string path, string rename = "", OutputIndex? index = null)
    {
        var output = Path.Combine(_folder, "obj");
        Directory.CreateDirectory(output);
        var request = new BuildRequest(
            path, path, "/project/Project.csproj", _folder, output, "Models",
            new ItemMetadata(ClassName: "Model", Mode: "Lazy", CopyToOutput: "false", Rename: rename));
        return ItemPlanner.Run(request, index ?? new OutputIndex(), new HashSet<string>());
    }

    private string CopyFixture(string fixture)
    {
        var source = FixturePaths.Get(fixture);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return _folder;
    }

    /// <summary>Each tensor property, as a user writes it from the class (<c>Dense.Kernel</c>), and the key it reads.</summary>
    private static Dictionary<string, string> Accessors(CheckpointPlan plan)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(int type, int first, string prefix)
        {
            foreach (var m in plan.Members.Where(m => m.Type == type))
            {
                if (m.IsTensor)
                {
                    result[prefix + m.Property] = plan.Tensors[first + m.Offset].Key;
                }
                else
                {
                    Walk(m.Child, first + m.Offset, prefix + m.Property + ".");
                }
            }
        }
        Walk(CheckpointPlan.RootScope, 0, string.Empty);
        return result;
    }
}
