using CheckpointGen.Inference.Graphs;

namespace CheckpointGen.Inference.Tests.Graphs;

/// <summary>Generated code calls Unary without a slope for every operator but LeakyRelu.</summary>
public class ElementwiseUnaryTests
{
    private static readonly float[] X = { -2f, -0.5f, 0f, 0.5f, 2f };

    [Fact]
    public void Unary_without_a_slope_computes_the_operator()
    {
        var y = new float[X.Length];

        Elementwise.Unary(UnaryOperator.Relu, X, y);

        Assert.Equal(new[] { 0f, 0f, 0f, 0.5f, 2f }, y);
    }

    [Fact]
    public void LeakyRelu_without_a_slope_is_refused()
    {
        var y = new float[X.Length];

        var error = Assert.Throws<ArgumentException>(() => Elementwise.Unary(UnaryOperator.LeakyRelu, X, y));

        Assert.Contains("alpha", error.Message);
    }

    [Fact]
    public void LeakyRelu_reads_its_slope()
    {
        var y = new float[X.Length];

        Elementwise.Unary(UnaryOperator.LeakyRelu, 0.25f, X, y);

        Assert.Equal(new[] { -0.5f, -0.125f, 0f, 0.5f, 2f }, y);
    }
}
