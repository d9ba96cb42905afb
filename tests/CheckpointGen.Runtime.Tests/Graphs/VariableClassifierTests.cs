using CheckpointGen.Runtime.Graphs;
using CheckpointGen.Runtime.Tests.Writing;
using CheckpointGen.Tests;

namespace CheckpointGen.Runtime.Tests.Graphs;

/// <summary>Real names and kinds of the variables of every kind of real checkpoint.</summary>
public sealed class VariableClassifierTests : IDisposable
{
    private const string Value = "/.ATTRIBUTES/VARIABLE_VALUE";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("tfnet-keras-lstm_from_sequential")]
    [InlineData("tfnet-keras-lstm_from_sequential/variables/variables")]
    public void Keras_list_tracked_variables_get_their_real_names(string path)
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(path));

        Assert.Equal(CheckpointGraphKind.SavedModel, checkpoint.Graph!.Kind);
        Assert.Empty(checkpoint.Warnings);
        AssertVariable(checkpoint, "variables/0" + Value, "lstm/lstm_cell/kernel", VariableKind.Trainable);
        AssertVariable(checkpoint, "variables/1" + Value, "lstm/lstm_cell/recurrent_kernel", VariableKind.Trainable);
        AssertVariable(checkpoint, "variables/2" + Value, "lstm/lstm_cell/bias", VariableKind.Trainable);
        AssertVariable(checkpoint, "layer_with_weights-1/kernel" + Value, "dense/kernel", VariableKind.Trainable);
        AssertVariable(checkpoint, "optimizer/_variables/1" + Value, "Adam/m/lstm/lstm_cell/kernel", VariableKind.Optimizer);
        AssertVariable(checkpoint, "optimizer/_variables/10" + Value, "Adam/v/dense/bias", VariableKind.Optimizer);
        AssertVariable(checkpoint, "optimizer/_iterations" + Value, "iteration", VariableKind.Optimizer);
        AssertVariable(checkpoint, "optimizer/_learning_rate" + Value, "learning_rate", VariableKind.Optimizer);
        AssertVariable(checkpoint, "keras_api/metrics/0/total" + Value, "total", VariableKind.Bookkeeping);
        AssertVariable(checkpoint, "_CHECKPOINTABLE_OBJECT_GRAPH", null, VariableKind.Bookkeeping);
        Assert.Equal(5, checkpoint.Variables.Count(v => v.Kind == VariableKind.Trainable));
        Assert.Equal(12, checkpoint.Variables.Count(v => v.Kind == VariableKind.Optimizer));
        Assert.Same(checkpoint.GetVariable("variables/0" + Value), checkpoint.GetVariable("lstm/lstm_cell/kernel"));
    }

    [Fact]
    public void A_tf2_checkpoint_alone_names_variables_from_its_own_object_graph()
    {
        foreach (var file in Directory.GetFiles(FixturePaths.Get("tfnet-keras-lstm_from_sequential/variables")))
        {
            File.Copy(file, Path.Combine(_temp.Path, Path.GetFileName(file)));
        }

        using var checkpoint = Checkpoint.Open(Path.Combine(_temp.Path, "variables"));

        Assert.Null(checkpoint.Graph);
        AssertVariable(checkpoint, "variables/0" + Value, "lstm/lstm_cell/kernel", VariableKind.Model);
        AssertVariable(checkpoint, "optimizer/_variables/1" + Value, "Adam/m/lstm/lstm_cell/kernel", VariableKind.Optimizer);
        AssertVariable(checkpoint, "keras_api/metrics/1/count" + Value, "count", VariableKind.Bookkeeping);
    }

    [Fact]
    public void Keras_slot_variables_are_matched_through_both_object_graphs()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("tfx-keras-savedmodel"));

        Assert.Empty(checkpoint.Warnings);
        AssertVariable(checkpoint, "layer_with_weights-0/kernel" + Value, "dense/kernel", VariableKind.Trainable);
        AssertVariable(checkpoint, "layer_with_weights-2/bias" + Value, "dense_2/bias", VariableKind.Trainable);
        AssertVariable(checkpoint, "layer_with_weights-0/kernel/.OPTIMIZER_SLOT/optimizer/m" + Value, "Adam/dense/kernel/m", VariableKind.Optimizer);
        AssertVariable(checkpoint, "layer_with_weights-1/bias/.OPTIMIZER_SLOT/optimizer/v" + Value, "Adam/dense_1/bias/v", VariableKind.Optimizer);
        AssertVariable(checkpoint, "optimizer/iter" + Value, "Adam/iter", VariableKind.Optimizer);
        AssertVariable(checkpoint, "optimizer/beta_1" + Value, "Adam/beta_1", VariableKind.Optimizer);
        AssertVariable(checkpoint, "keras_api/metrics/1/count" + Value, "count", VariableKind.Bookkeeping);
        Assert.Equal(
            new[] { "dense/bias", "dense/kernel", "dense_1/bias", "dense_1/kernel", "dense_2/bias", "dense_2/kernel" },
            checkpoint.Variables.Where(v => v.Kind == VariableKind.Trainable).Select(v => v.VariableName));
        Assert.Equal(17, checkpoint.Variables.Count(v => v.Kind == VariableKind.Optimizer));
    }

    [Fact]
    public void A_tf2_saved_model_marks_its_variables_trainable()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("serving-saved_model_half_plus_two_tf2_cpu/00000123"));

        foreach (var name in new[] { "a", "b", "c" })
        {
            AssertVariable(checkpoint, name + Value, name, VariableKind.Trainable);
        }
        Assert.Equal(3.0f, checkpoint.Read<float>("c")[0]);
    }

    [Fact]
    public void An_unreadable_object_graph_falls_back_to_saved_model_paths_with_a_warning()
    {
        // The data shard is missing, so the object graph tensor cannot be read.
        Directory.CreateDirectory(Path.Combine(_temp.Path, "variables"));
        File.Copy(FixturePaths.Get("tfx-keras-savedmodel/saved_model.pb"), Path.Combine(_temp.Path, "saved_model.pb"));
        File.Copy(FixturePaths.Get("tfx-keras-savedmodel/variables/variables.index"), Path.Combine(_temp.Path, "variables", "variables.index"));

        using var checkpoint = Checkpoint.Open(_temp.Path);

        var warning = Assert.Single(checkpoint.Warnings);
        Assert.Contains("_CHECKPOINTABLE_OBJECT_GRAPH", warning, StringComparison.Ordinal);
        Assert.Contains("variables.data-00000-of-00001", warning, StringComparison.Ordinal);
        AssertVariable(checkpoint, "layer_with_weights-0/kernel" + Value, "dense/kernel", VariableKind.Trainable);
        AssertVariable(checkpoint, "layer_with_weights-0/kernel/.OPTIMIZER_SLOT/optimizer/m" + Value, "Adam/dense/kernel/m", VariableKind.Optimizer);
        AssertVariable(checkpoint, "optimizer/iter" + Value, "Adam/iter", VariableKind.Optimizer);
        AssertVariable(checkpoint, "keras_api/metrics/0/total" + Value, "total", VariableKind.Bookkeeping);
    }

    [Theory]
    [InlineData("tfx-taxi-estimator-5steps/model.ckpt-10000")]
    [InlineData("tfx-taxi-estimator-5steps/model.ckpt-6993")]
    public void A_tf1_estimator_separates_weights_from_keras_optimizer_state(string prefix)
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(prefix));

        Assert.Equal(CheckpointGraphKind.MetaGraph, checkpoint.Graph!.Kind);
        AssertVariable(checkpoint, "dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/kernel", VariableKind.Trainable);
        AssertVariable(checkpoint, "linear/linear_model/bias_weights", "linear/linear_model/bias_weights", VariableKind.Trainable);
        AssertVariable(checkpoint, "global_step", "global_step", VariableKind.Bookkeeping);
        AssertVariable(checkpoint, "training/Adagrad/dnn/logits/kernel/accumulator", "training/Adagrad/dnn/logits/kernel/accumulator", VariableKind.Optimizer);
        AssertVariable(checkpoint, "training/Ftrl/iter", "training/Ftrl/iter", VariableKind.Optimizer);
        AssertVariable(checkpoint, "training/Ftrl/linear/linear_model/company_xf/weights/linear", "training/Ftrl/linear/linear_model/company_xf/weights/linear", VariableKind.Optimizer);
        Assert.Equal(20, checkpoint.Variables.Count(v => v.Kind == VariableKind.Trainable));
        Assert.Equal(1, checkpoint.Variables.Count(v => v.Kind == VariableKind.Bookkeeping));
        Assert.Equal(checkpoint.Variables.Count - 21, checkpoint.Variables.Count(v => v.Kind == VariableKind.Optimizer));
    }

    [Fact]
    public void A_tf1_estimator_with_adagrad_and_ftrl_slots()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("tfx-taxi-estimator-2shard"));

        AssertVariable(checkpoint, "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_0/bias", VariableKind.Trainable);
        AssertVariable(checkpoint, "dnn/hiddenlayer_0/bias/Adagrad", "dnn/hiddenlayer_0/bias/Adagrad", VariableKind.Optimizer);
        AssertVariable(checkpoint, "linear/linear_model/bias_weights/Ftrl", "linear/linear_model/bias_weights/Ftrl", VariableKind.Optimizer);
        AssertVariable(checkpoint, "linear/linear_model/bias_weights/Ftrl_1", "linear/linear_model/bias_weights/Ftrl_1", VariableKind.Optimizer);
        AssertVariable(checkpoint, "global_step", "global_step", VariableKind.Bookkeeping);
        Assert.Equal(20, checkpoint.Variables.Count(v => v.Kind == VariableKind.Trainable));
        Assert.DoesNotContain(checkpoint.Variables, v => v.Kind == VariableKind.Model);
    }

    [Theory]
    [InlineData("tf2onnx-regression/checkpoint")]
    [InlineData("tf2onnx-regression/saved_model")]
    public void A_tf1_regression_trains_w_and_b(string path)
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(path));

        AssertVariable(checkpoint, "W", "W", VariableKind.Trainable);
        AssertVariable(checkpoint, "b", "b", VariableKind.Trainable);
    }

    [Theory]
    [InlineData("serving-saved_model_half_plus_two_cpu/00000123", "a", VariableKind.Trainable)]
    [InlineData("serving-saved_model_half_plus_two_cpu/00000123/variables/variables", "c2", VariableKind.Trainable)]
    [InlineData("serving-saved_model_counter/00000123", "counter", VariableKind.Trainable)]
    [InlineData("serving-session_bundle_half_plus_two/00000123", "a", VariableKind.Trainable)]
    public void Tf1_saved_models_and_session_bundles_read_their_collections(string path, string name, VariableKind kind)
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(path));

        Assert.NotNull(checkpoint.Graph);
        AssertVariable(checkpoint, name, name, kind);
    }

    [Fact]
    public void Lingvo_without_a_graph_is_classified_by_names()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("lingvo-lenet-indexonly/lenet_test_model"));

        Assert.Null(checkpoint.Graph);
        Assert.Empty(checkpoint.Warnings);
        AssertVariable(checkpoint, "lenet5/conv0/w/var", null, VariableKind.Model);
        AssertVariable(checkpoint, "lenet5/conv0/w/var/Adam", null, VariableKind.Optimizer);
        AssertVariable(checkpoint, "lenet5/conv0/w/var/Adam_1", null, VariableKind.Optimizer);
        AssertVariable(checkpoint, "beta1_power", null, VariableKind.Optimizer);
        AssertVariable(checkpoint, "beta2_power", null, VariableKind.Optimizer);
        AssertVariable(checkpoint, "global_step", null, VariableKind.Bookkeeping);
        Assert.Equal(8, checkpoint.Variables.Count(v => v.Kind == VariableKind.Model));
    }

    [Fact]
    public void T5x_with_its_corrupt_meta_graph_warns_and_uses_names()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("t5x-mtf_tiny_t5-bf16"));

        Assert.Null(checkpoint.Graph);
        var warning = Assert.Single(checkpoint.Warnings);
        Assert.Contains("model.ckpt-0.meta", warning, StringComparison.Ordinal);
        Assert.Contains("converted as text", warning, StringComparison.Ordinal);
        AssertVariable(checkpoint, "decoder/logits/kernel", null, VariableKind.Model);
        AssertVariable(checkpoint, "decoder/logits/kernel_slot_v", null, VariableKind.Optimizer);
        AssertVariable(checkpoint, "shared/embedding_slot_v", null, VariableKind.Optimizer);
        AssertVariable(checkpoint, "global_step", null, VariableKind.Bookkeeping);
        Assert.Equal(checkpoint.Variables.Count(v => v.Kind == VariableKind.Model), checkpoint.Variables.Count(v => v.Kind == VariableKind.Optimizer));
    }

    [Fact]
    public void An_estimator_folder_without_meta_files_uses_graph_pbtxt()
    {
        foreach (var file in Directory.GetFiles(FixturePaths.Get("tfx-taxi-estimator-5steps"), "model.ckpt-10000.*").Where(f => !f.EndsWith(".meta", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(_temp.Path, Path.GetFileName(file)));
        }
        File.Copy(FixturePaths.Get("tfx-taxi-estimator-5steps/graph.pbtxt"), Path.Combine(_temp.Path, "graph.pbtxt"));

        using var checkpoint = Checkpoint.Open(Path.Combine(_temp.Path, "model.ckpt-10000"));

        Assert.Equal(CheckpointGraphKind.GraphDef, checkpoint.Graph!.Kind);
        AssertVariable(checkpoint, "dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/kernel", VariableKind.Model);
        AssertVariable(checkpoint, "training/Ftrl/iter", "training/Ftrl/iter", VariableKind.Optimizer);
    }

    [Fact]
    public void Opening_without_the_graph_reads_no_graph()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("t5x-mtf_tiny_t5-bf16"), new CheckpointOpenOptions { LoadGraph = false });

        Assert.Null(checkpoint.Graph);
        Assert.Empty(checkpoint.Warnings);
    }

    private static void AssertVariable(Checkpoint checkpoint, string key, string? name, VariableKind kind)
    {
        var variable = checkpoint.Variables.Single(v => v.Name == key);
        Assert.Equal((name, kind), (variable.VariableName, variable.Kind));
    }
}
