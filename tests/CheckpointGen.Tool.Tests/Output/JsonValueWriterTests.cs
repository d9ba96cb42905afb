using System.Text;
using System.Text.Json;
using CheckpointGen.Runtime;
using CheckpointGen.Tool.Output.Json;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Tests.Output;

/// <summary>The JSON form of values for every kind of element, including those no fixture holds.</summary>
public sealed class JsonValueWriterTests
{
    [Fact]
    public void Reals_use_the_shortest_digits_of_their_stored_type()
    {
        var bf16 = (double)(float)(BFloat16)0.1f;

        Assert.Equal("[0.1]", Write(new RealValues([1], [(double)0.1f], RealPrecision.Single)));
        Assert.Equal("[0.1]", Write(new RealValues([1], [bf16], RealPrecision.BFloat16)));
        Assert.Equal("[0.1]", Write(new RealValues([1], [(double)(Half)0.1f], RealPrecision.Half)));
        Assert.Equal("[0.1,100,-0,1.5e-07,1e+300]", Write(new RealValues([5], [0.1, 100, -0.0, 1.5e-7, 1e300], RealPrecision.Double)));
    }

    [Fact]
    public void Reals_read_back_exactly()
    {
        float[] values = [float.Epsilon, float.MaxValue, -1.17549435E-38f, 16777217f, 0.3f, 1e-6f];

        var json = Write(new RealValues([values.Length], values.Select(v => (double)v).ToArray(), RealPrecision.Single));

        Assert.Equal(values, JsonSerializer.Deserialize<float[]>(json));
    }

    [Fact]
    public void Non_finite_reals_are_strings()
    {
        Assert.Equal(
            "[\"NaN\",\"Infinity\",\"-Infinity\"]",
            Write(new RealValues([3], [double.NaN, double.PositiveInfinity, double.NegativeInfinity], RealPrecision.Single)));
    }

    [Fact]
    public void Complex_numbers_are_pairs()
    {
        Assert.Equal("[[1,-2.5],[0,\"NaN\"]]", Write(new ComplexValues([2], [1, 0], [-2.5, double.NaN], RealPrecision.Single)));
    }

    [Fact]
    public void Integers_are_exact_at_the_extremes_of_64_bits()
    {
        Assert.Equal(
            "[-9223372036854775808,18446744073709551615,0]",
            Write(new IntegerValues([3], [long.MinValue, ulong.MaxValue, 0])));
    }

    [Fact]
    public void Booleans_and_strings()
    {
        Assert.Equal("[true,false]", Write(new BoolValues([2], [true, false])));
        Assert.Equal("[\"AP8=\",\"\"]", Write(new BytesValues([2], [[0, 255], []])));
    }

    private static string Write(TensorValues values)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            JsonValueWriter.Write(writer, values);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
