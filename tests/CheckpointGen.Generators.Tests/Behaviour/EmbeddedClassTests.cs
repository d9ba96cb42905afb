using System.Reflection;
using System.Runtime.InteropServices;
using CheckpointGen.Generators.Tests.Infrastructure;
using CheckpointGen.Runtime;
using CheckpointGen.Tests;

namespace CheckpointGen.Generators.Tests.Behaviour;

/// <summary>
/// Embedded mode at run time: a generated class compiled with the worker's packed weights as a
/// resource reads every tensor of the real checkpoint back, in place and without allocating.
/// </summary>
public sealed class EmbeddedClassTests
{
    private static readonly Lazy<BuiltPlan> Regression = new(() => FixturePlans.Build("tf2onnx-regression/checkpoint/model", "Regression", "Embedded"));

    [Fact]
    public void Properties_and_Get_read_the_values_TensorFlow_saved()
    {
        var expected = ExpectedListing.Load(Path.Combine(FixturePaths.ExpectedRoot, "tf2onnx-regression~checkpoint~model.tsv")).Tensors.ToDictionary(t => t.Name, t => (float)t.First[0]);
        using var assembly = GeneratedAssembly.Load(Regression.Value);

        dynamic model = assembly.Embedded();

        Assert.Equal(expected["W"], ((CheckpointTensor<float>)model.W).Value);
        Assert.Equal(expected["b"], ((CheckpointTensor<float>)model.B).Value);
        Assert.Equal(expected["W"], ((CheckpointTensor<float>)model.Get<float>("W")).Value);
        Assert.Equal(expected["b"], ((CheckpointTensor<float>)model.Get<float>(Constant(assembly.Class, "Names", "B"))).Value);
        Assert.Equal(0, ((CheckpointTensor<float>)model.W).Rank);
    }

    [Theory]
    [InlineData("tf2onnx-regression/checkpoint/model")]
    [InlineData("serving-saved_model_half_plus_two_tf2_cpu/00000123")]
    [InlineData("tfx-keras-savedmodel")]
    [InlineData("tfnet-keras-lstm_from_sequential")]
    [InlineData("tfx-taxi-estimator-2shard")]
    public void Every_embedded_tensor_holds_the_checkpoints_bytes(string fixture)
    {
        var manifest = FixturePlans.Build(fixture, "Model", "Embedded", keep: "All");
        using var checkpoint = Checkpoint.Open(FixturePaths.Get(fixture));
        using var assembly = GeneratedAssembly.Load(manifest);
        var type = assembly.Class;
        var model = assembly.Embedded();

        foreach (var tensor in manifest.Parsed.Tensors.Where(t => t.DType != "string"))
        {
            Assert.True(TensorDataTypes.TryParse(tensor.DType, out var dataType));
            var element = TensorDataTypes.ElementType(dataType)!;
            var read = type.GetMethod("Get")!.MakeGenericMethod(element).Invoke(model, new object[] { tensor.Key })!;
            var bytes = (byte[])typeof(EmbeddedClassTests).GetMethod(nameof(Bytes), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(element).Invoke(null, new[] { read })!;
            Assert.True(checkpoint.ReadBytes(tensor.Key).AsSpan().SequenceEqual(bytes), tensor.Key);
        }
        Assert.NotEmpty(manifest.Parsed.Tensors);
    }

    [Fact]
    public void Nested_scope_properties_reach_the_right_tensor()
    {
        using var checkpoint = Checkpoint.Open(FixturePaths.Get("tfx-keras-savedmodel"));
        using var assembly = GeneratedAssembly.Load(FixturePlans.Build("tfx-keras-savedmodel", "TaxiKeras", "Embedded"));

        dynamic model = assembly.Embedded();
        var kernel = (CheckpointTensor<float>)model.Dense.Kernel;

        Assert.Equal("layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE", kernel.Name);
        Assert.Equal(new long[] { 4, 8 }, kernel.Shape.ToArray());
        Assert.Equal(checkpoint.Read<float>(kernel.Name), kernel.ToArray());
        Assert.Equal(checkpoint.Read<float>("layer_with_weights-2/bias/.ATTRIBUTES/VARIABLE_VALUE"), ((CheckpointTensor<float>)model.Get<float>("dense_2/bias")).ToArray());
        Assert.Equal("layer_with_weights-2/bias/.ATTRIBUTES/VARIABLE_VALUE", ((CheckpointTensor<float>)model.Dense2.Bias).Name);
    }

    [Fact]
    public void The_first_Get_after_Embedded_is_touched_allocates_nothing()
    {
        using var assembly = GeneratedAssembly.Load(Regression.Value);
        var type = assembly.Class;
        var model = assembly.Embedded();
        var get = type.GetMethod("Get")!.MakeGenericMethod(typeof(float)).CreateDelegate<Func<string, CheckpointTensor<float>>>(model);
        var property = type.GetProperty("W")!.GetMethod!.CreateDelegate<Func<CheckpointTensor<float>>>(model);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var w = get("W").Span[0];
        var b = get("b").Value;
        var viaProperty = property().Span[0];
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(w, viaProperty);
        Assert.NotEqual(0f, b);
    }

    [Fact]
    public void Embedded_is_one_shared_instance_that_Dispose_does_not_break()
    {
        using var assembly = GeneratedAssembly.Load(Regression.Value);
        dynamic first = assembly.Embedded();

        first.Dispose();

        Assert.Same(first, assembly.Embedded());
        Assert.IsType<EmbeddedTensorStorage>((object)first.Storage);
        Assert.Equal(0.21396178f, ((CheckpointTensor<float>)first.W).Value);
    }

    [Fact]
    public void Unknown_names_and_wrong_types_fail_at_run_time_with_clear_exceptions()
    {
        using var assembly = GeneratedAssembly.Load(Regression.Value);
        dynamic model = assembly.Embedded();

        var unknown = Assert.Throws<KeyNotFoundException>(() => (object)model.Get<float>("w"));
        Assert.Equal("No variable 'w' was compiled in. Did you mean 'W'?", unknown.Message);
        var wrongType = Assert.Throws<ArgumentException>(() => (object)model.Get<double>("W"));
        Assert.Contains("float32", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_embedded_class_opens_another_checkpoint_of_the_same_model()
    {
        var expected = ExpectedListing.Load(Path.Combine(FixturePaths.ExpectedRoot, "tf2onnx-regression~saved_model~variables~variables.tsv")).Tensors.Single(t => t.Name == "W");
        using var assembly = GeneratedAssembly.Load(Regression.Value);

        dynamic saved = assembly.Open(FixturePaths.Get("tf2onnx-regression/saved_model"));

        Assert.IsType<MappedTensorStorage>((object)saved.Storage);
        Assert.Equal((float)expected.First[0], ((CheckpointTensor<float>)saved.W).Value);
        saved.Dispose();
    }

    private static string Constant(Type type, string nestedClass, string name) =>
        (string)type.GetNestedType(nestedClass)!.GetField(name)!.GetRawConstantValue()!;

    private static byte[] Bytes<T>(CheckpointTensor<T> tensor)
        where T : unmanaged => MemoryMarshal.AsBytes(tensor.Span).ToArray();
}
