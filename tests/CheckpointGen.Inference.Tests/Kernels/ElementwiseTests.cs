using CheckpointGen.Inference.Kernels;
using CheckpointGen.Inference.Kernels.Elementwise;
using CheckpointGen.Inference.Tests.Reference;

namespace CheckpointGen.Inference.Tests.Kernels;

public class ElementwiseTests
{
    // Past one 256-element chunk, with values from deep negative to overflow range.
    private static float[] Inputs()
    {
        var values = Tolerance.Random(1000, 21, 12f).ToList();
        values.AddRange([0f, -0f, 1e-8f, -1e-8f, 40f, -40f, 88f, -100f, 6f, 6.5f]);
        return values.ToArray();
    }

    public static TheoryData<int> ActivationIndexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < NaiveActivations.All.Count(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(ActivationIndexes))]
    public void Activations_match_their_definitions_in_place_and_out_of_place(int index)
    {
        var activation = NaiveActivations.All.ElementAt(index);
        float[] x = Inputs(), expected = NaiveActivations.Apply(activation, x);
        var destination = new float[x.Length];
        Activations.Apply(activation, x, destination);
        Tolerance.AssertClose(expected, destination, $"{activation} out of place");
        Activations.Apply(activation, x, x);
        Tolerance.AssertClose(expected, x, $"{activation} in place");
    }

    [Fact]
    public void Exp_and_log_are_TensorPrimitives()
    {
        float[] x = [0.5f, 1f, 2f, 10f], y = new float[4];
        Activations.Exp(x, y);
        Tolerance.AssertClose(x.Select(v => (float)Math.Exp(v)).ToArray(), y, "exp");
        Activations.Log(x, y);
        Tolerance.AssertClose(x.Select(v => (float)Math.Log(v)).ToArray(), y, "log");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(300)]
    public void Softmax_and_log_softmax_match_the_definition_without_overflow(int width)
    {
        const int rows = 3;
        var x = Tolerance.Random(rows * width, 22, 50f);
        x[0] = 200f; // exp(200) overflows float: only a max-shifted softmax survives it
        var softmax = new float[x.Length];
        var logSoftmax = new float[x.Length];
        Softmax.Apply(x, width, softmax);
        Softmax.ApplyLog(x, width, logSoftmax);
        for (int r = 0; r < rows; r++)
        {
            var row = x.Skip(r * width).Take(width).Select(v => (double)v).ToArray();
            double max = row.Max(), logSum = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            Tolerance.AssertClose(row.Select(v => (float)Math.Exp(v - logSum)).ToArray(), softmax.AsSpan(r * width, width), $"softmax row {r}");
            Tolerance.AssertClose(row.Select(v => (float)(v - logSum)).ToArray(), logSoftmax.AsSpan(r * width, width), $"log softmax row {r}");
        }
    }

    [Fact]
    public void Softmax_rejects_a_partial_row() =>
        Assert.Throws<ArgumentException>("x", () => Softmax.Apply(new float[7], 3, new float[7]));
}
