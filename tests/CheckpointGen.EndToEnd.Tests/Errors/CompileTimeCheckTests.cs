using System.Globalization;
using CheckpointGen.EndToEnd.Tests.Infrastructure;
using CheckpointGen.Tests;

namespace CheckpointGen.EndToEnd.Tests.Errors;

/// <summary>
/// The compiler checks code against the checkpoint: typed members exist only for kept variables,
/// and the analyzer checks string look-ups (unknown name: CG3001 with "did you mean"; wrong
/// element type: CG3002; a string tensor through Get&lt;T&gt;: CG3003).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CompileTimeCheckTests
{
    private static readonly CheckpointItem Taxi = new(Fixtures.TwoShardPrefix, "Taxi");

    private readonly ScratchConsumer _scratch;

    public CompileTimeCheckTests(EndToEndWorkspace workspace) => _scratch = workspace.Shared(w => new ScratchConsumer(w));

    [Fact]
    public void Typed_members_names_shapes_and_checked_lookups_compile_and_read_the_weights()
    {
        var build = _scratch.Build(Taxi, """
            using System.Globalization;
            using E2E;

            var model = Taxi.Embedded;
            Console.WriteLine(((double)model.Dnn.Hiddenlayer0.Kernel.Span[0]).ToString("R", CultureInfo.InvariantCulture));
            Console.WriteLine(((double)model.Get<float>("dnn/hiddenlayer_0/kernel").Span[0]).ToString("R", CultureInfo.InvariantCulture));
            Console.WriteLine(Taxi.Names.DnnHiddenlayer0Kernel);
            Console.WriteLine($"{Taxi.Shapes.DnnHiddenlayer0KernelDim0}x{Taxi.Shapes.DnnHiddenlayer0KernelDim1}");

            """);
        Assert.True(build.Succeeded, build.ToString());

        var run = _scratch.Project.Run();

        var first = Fixtures.TwoShard.Tensors.Single(t => t.Name == "dnn/hiddenlayer_0/kernel").First[0].ToString("R", CultureInfo.InvariantCulture);
        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(new[] { first, first, "dnn/hiddenlayer_0/kernel", "3x100" }, run.OutputLines);
    }

    [Fact]
    public void A_Keras_model_s_members_are_its_layers_named_as_Keras_names_them_and_Names_keep_the_keys()
    {
        var build = _scratch.Build(new CheckpointItem(FixturePaths.Get("tfnet-keras-lstm_from_sequential"), "Sequence"), """
            using E2E;

            var model = Sequence.Embedded;
            Console.WriteLine(model.Lstm.Kernel.Name);
            Console.WriteLine(string.Join("x", model.Lstm.RecurrentKernel.Shape.ToArray()));
            Console.WriteLine(model.Dense.Kernel.Name);
            Console.WriteLine(Sequence.Names.LstmBias);
            Console.WriteLine(model.Get<float>("lstm/lstm_cell/bias").Span[3] == model.Lstm.Bias.Span[3]);

            """);
        Assert.True(build.Succeeded, build.ToString());

        var run = _scratch.Project.Run();

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(
            new[] { "variables/0/.ATTRIBUTES/VARIABLE_VALUE", "32x128", "layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE", "variables/2/.ATTRIBUTES/VARIABLE_VALUE", "True" },
            run.OutputLines);
    }

    [Fact]
    public void Excluding_a_variable_breaks_the_build_where_code_uses_it()
    {
        var build = _scratch.Build(Taxi with { ExcludeVariables = "**/kernel" }, """
            using E2E;

            Console.WriteLine(Taxi.Embedded.Dnn.Hiddenlayer0.Kernel.Length);
            Console.WriteLine(Taxi.Embedded.Get<float>("dnn/hiddenlayer_0/kernel").Length);

            """);

        var errors = BuildDiagnostic.Parse(build).Where(d => d.Severity == "error").ToList();
        Assert.False(build.Succeeded);
        Assert.Contains(errors, e => e.Code == "CS1061" && e.Origin.EndsWith("Program.cs", StringComparison.Ordinal) && e.Message.Contains("Kernel", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Code == "CG3001" && e.Origin.EndsWith("Program.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelled_name_is_CG3001_with_a_suggestion()
    {
        var build = _scratch.Build(Taxi, """
            using E2E;

            Console.WriteLine(Taxi.Embedded.Get<float>("dnn/hiddenlayer_0/kernal").Length);

            """);

        var error = BuildDiagnostic.SingleError(build, "CG3001");
        Assert.EndsWith("Program.cs", error.Origin, StringComparison.Ordinal);
        Assert.Contains("dnn/hiddenlayer_0/kernal", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'dnn/hiddenlayer_0/kernel'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_element_type_is_CG3002()
    {
        var build = _scratch.Build(Taxi, """
            using E2E;

            Console.WriteLine(Taxi.Embedded.Get<double>("dnn/hiddenlayer_0/kernel").Length);

            """);

        var error = BuildDiagnostic.SingleError(build, "CG3002");
        Assert.EndsWith("Program.cs", error.Origin, StringComparison.Ordinal);
        Assert.Contains("float", error.Message, StringComparison.Ordinal);
        Assert.Contains("double", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_tensor_read_through_Get_is_CG3003()
    {
        var build = _scratch.Build(new CheckpointItem(Fixtures.KerasSavedModel, "Keras") { Keep = "All" }, """
            using E2E;

            Console.WriteLine(Keras.Embedded.Get<byte>("_CHECKPOINTABLE_OBJECT_GRAPH").Length);

            """);

        var error = BuildDiagnostic.SingleError(build, "CG3003");
        Assert.Contains("GetStrings(\"_CHECKPOINTABLE_OBJECT_GRAPH\")", error.Message, StringComparison.Ordinal);
    }
}
