using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests;

namespace CheckpointGen.Compiler.Tests.Oracle;

/// <summary>What the generated method promises besides its values: argument checks, no allocation after the first call, thread safety.</summary>
public class GeneratedMethodContractTests
{
    private static readonly string FcLayers = FixturePaths.Get("tf2onnx-frozen-fc-layers/frozen.pb");

    [Fact]
    public void A_call_after_the_first_allocates_nothing()
    {
        using var model = CompiledModel.Build(FcLayers, outputs: "output");
        float[][] inputs = [Close.Random(4 * 784, 1)], outputs = [new float[4 * 10]];
        model.RunInto(inputs, outputs);

        var before = GC.GetAllocatedBytesForCurrentThread();
        model.RunInto(inputs, outputs);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Threads_calling_at_once_get_each_their_own_answer()
    {
        using var model = CompiledModel.Build(FcLayers, outputs: "output");
        var inputs = Enumerable.Range(0, 8).Select(i => Close.Random((i % 3 + 1) * 784, 100 + i)).ToArray();
        var expected = inputs.Select(x => model.Run(x.Length / 784, x)[0]).ToArray();

        var results = new float[inputs.Length][][];
        Parallel.For(0, inputs.Length * 25, new ParallelOptions { MaxDegreeOfParallelism = 4 }, n =>
        {
            var i = n % inputs.Length;
            results[i] = model.Run(inputs[i].Length / 784, inputs[i]);
            Assert.Equal(expected[i], results[i][0]);
        });
    }

    [Fact]
    public void A_wrong_length_is_an_argument_exception_naming_the_input_and_its_shape()
    {
        using var model = CompiledModel.Build(FcLayers, outputs: "output");

        var error = Assert.Throws<ArgumentException>(() => model.Run(1, new float[783]));

        Assert.Equal("x", error.ParamName);
        Assert.Contains("[?, 784]", error.Message);
        Assert.Contains("783", error.Message);
    }
}
