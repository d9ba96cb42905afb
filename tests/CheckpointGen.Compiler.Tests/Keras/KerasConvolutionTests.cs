using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Contracts.Plan;

namespace CheckpointGen.Compiler.Tests.Keras;

/// <summary>What the generated code of the convolutional Keras models does beyond its values (those are <see cref="KerasLayerTests"/>').</summary>
public sealed class KerasConvolutionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cg-keras-conv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Conv2DTranspose, resizes, paddings and crops run in the planned workspace: after a thread's first call, none allocates.</summary>
    [Theory]
    [InlineData("conv-transpose")]
    [InlineData("upsampling-bilinear-resizing")]
    [InlineData("upsampling-nearest-padding-cropping")]
    public void A_call_allocates_nothing_after_the_first(string name)
    {
        var (model, input) = KerasLayerTests.Build(name);
        model.Write(_folder);
        using var compiled = CompiledModel.Build(_folder, outputs: "", method: "ServingDefault");
        Array[] inputs = [input(2)], outputs = [new float[2 * model.OutputShape.Aggregate(1L, (p, d) => p * d)]];
        compiled.RunInto(inputs, outputs);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++)
        {
            compiled.RunInto(inputs, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Keras' output shape for Conv2DTranspose (Shape(x)[0] stacked with constants) folds: the program is one transposed convolution and one bias add per layer.</summary>
    [Fact]
    public void The_stacked_output_shape_folds_away()
    {
        var (model, _) = KerasLayerTests.Build("conv-transpose");
        model.Write(_folder);

        using var compiled = CompiledModel.Build(_folder, outputs: "", method: "ServingDefault");

        Assert.Equal(4, compiled.Program.Steps.Count(s => s.Kernel == ProgramKernels.Conv2DTranspose));
        Assert.DoesNotContain(compiled.Program.Steps, s => s.Kernel is ProgramKernels.Strided or ProgramKernels.Copy);
    }
}
