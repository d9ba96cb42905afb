using CheckpointGen.Generators.Tests.Infrastructure;

namespace CheckpointGen.Generators.Tests.Diagnostics;

/// <summary>
/// Generated inference methods call CheckpointGen.Inference. A project without it still gets its
/// class and compiles: the methods are left out, with CG2004 when the item asked for them (Outputs),
/// silently for a SavedModel's default signature methods.
/// </summary>
public sealed class InferenceReferenceTests
{
    private const string Head = "checkpointgen-plan\t4\nclass\tModel\tModels\tpublic\tLazy\nsource\tm\nstorage\t\tm\n";

    // y = relu(x): one parameter, one result written by one step.
    private const string Program = "param\tx\tx\tfloat32\t-1,4\t0\tx\nresult\ty\ty\tfloat32\t-1,4\t1\ty\nvalue\t0\tfloat32\t-1,4\tparam\t0\nvalue\t1\tfloat32\t-1,4\tresult\t0\nstep\tUnary\t1\t0\tRelu\t0\n";

    [Fact]
    public void An_Outputs_item_without_the_package_warns_CG2004_and_compiles_without_the_method()
    {
        var run = GeneratorHarness.Generate(Head + "program\tPredict\t\n" + Program).AssertNoCrash().AssertCompilesCleanly();

        var warning = Assert.Single(run.Diagnostics);
        Assert.Equal("CG2004", warning.Id);
        Assert.Contains("Models.Model", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("Predict", run.Source);
    }

    [Fact]
    public void Signature_methods_without_the_package_are_left_out_silently()
    {
        var run = GeneratorHarness.Generate(Head + "program\tServingDefault\tserving_default\n" + Program).AssertNoCrash().AssertCompilesCleanly();

        Assert.Empty(run.Diagnostics);
        Assert.DoesNotContain("ServingDefault", run.Source);
    }
}
