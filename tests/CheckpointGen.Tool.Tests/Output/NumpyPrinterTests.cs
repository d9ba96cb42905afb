using CheckpointGen.Tool.Output.Numpy;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Tests.Output;

/// <summary>Tensors printed as numpy 1.14+ prints them with default options (expected strings are numpy's).</summary>
public sealed class NumpyPrinterTests
{
    [Theory]
    [InlineData(new[] { 1.0, 0.5 }, "[1.  0.5]")]
    [InlineData(new[] { 0.1, 0.25, -3.0 }, "[ 0.1   0.25 -3.  ]")]
    [InlineData(new[] { 1e-5, 1.0 }, "[1.e-05 1.e+00]")]
    [InlineData(new[] { 1.5e-5, 2e-10 }, "[1.5e-05 2.0e-10]")]
    [InlineData(new[] { 0.123456789012 }, "[0.12345679]")]
    [InlineData(new[] { 0.0, 0.0 }, "[0. 0.]")]
    [InlineData(new[] { double.NaN, 1.0, double.NegativeInfinity }, "[ nan   1. -inf]")]
    [InlineData(new[] { 123456789.0, 1.0 }, "[1.23456789e+08 1.00000000e+00]")]
    public void Doubles(double[] values, string expected) =>
        Assert.Equal(expected, NumpyPrinter.Format(new RealValues([values.Length], values, RealPrecision.Double)));

    [Fact]
    public void Float32_elements_use_their_own_shortest_digits()
    {
        var values = new[] { 0.1f, -0.040295250713825226f }.Select(f => (double)f).ToArray();

        Assert.Equal("[ 0.1        -0.04029525]", NumpyPrinter.Format(new RealValues([2], values, RealPrecision.Single)));
    }

    [Fact]
    public void Scientific_columns_extend_short_values_with_exact_digits()
    {
        var values = new[] { 0.1f, 1e-5f, 0.12345678f }.Select(f => (double)f).ToArray();

        Assert.Equal("[1.0000000e-01 9.9999997e-06 1.2345678e-01]", NumpyPrinter.Format(new RealValues([3], values, RealPrecision.Single)));
    }

    [Fact]
    public void Positional_columns_print_the_integer_part_exactly()
    {
        // 21330 alone identifies this float16, but numpy prints integer digits exactly in arrays.
        Assert.Equal("[21328.    inf]", NumpyPrinter.Format(new RealValues([2], [21328, double.PositiveInfinity], RealPrecision.Half)));
    }

    [Fact]
    public void Exponents_widen_to_three_digits_when_needed()
    {
        Assert.Equal("[1.e+100 1.e-100]", NumpyPrinter.Format(new RealValues([2], [1e100, 1e-100], RealPrecision.Double)));
    }

    [Fact]
    public void Bfloat16_elements_use_their_own_shortest_digits()
    {
        var value = (double)(float)(CheckpointGen.Runtime.BFloat16)0.1f;

        Assert.Equal("[0.1]", NumpyPrinter.Format(new RealValues([1], [value], RealPrecision.BFloat16)));
    }

    [Fact]
    public void Matrices_put_rows_on_lines_and_align_columns()
    {
        var values = Enumerable.Range(0, 12).Select(i => (Int128)i).ToArray();

        Assert.Equal("[[ 0  1  2  3]\n [ 4  5  6  7]\n [ 8  9 10 11]]", NumpyPrinter.Format(new IntegerValues([3, 4], values)));
    }

    [Fact]
    public void Higher_ranks_separate_blocks_with_blank_lines()
    {
        Assert.Equal(
            "[[[0. 0.]\n  [0. 0.]]\n\n [[0. 0.]\n  [0. 0.]]]",
            NumpyPrinter.Format(new RealValues([2, 2, 2], new double[8], RealPrecision.Single)));
    }

    [Fact]
    public void Long_rows_wrap_at_75_columns()
    {
        var values = Enumerable.Range(0, 100).Select(i => (Int128)i).ToArray();

        var lines = NumpyPrinter.Format(new IntegerValues([100], values)).Split('\n');

        Assert.Equal("[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23", lines[0]);
        Assert.Equal(" 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47", lines[1]);
        Assert.Equal(" 96 97 98 99]", lines[^1]);
    }

    [Fact]
    public void Over_1000_elements_show_three_edge_items_per_axis()
    {
        var values = Enumerable.Range(0, 2000).Select(i => (Int128)i).ToArray();

        Assert.Equal("[   0    1    2 ... 1997 1998 1999]", NumpyPrinter.Format(new IntegerValues([2000], values)));
        Assert.Equal(
            "[[   0    1    2 ...   17   18   19]\n [  20   21   22 ...   37   38   39]\n [  40   41   42 ...   57   58   59]\n ...\n"
            + " [1940 1941 1942 ... 1957 1958 1959]\n [1960 1961 1962 ... 1977 1978 1979]\n [1980 1981 1982 ... 1997 1998 1999]]",
            NumpyPrinter.Format(new IntegerValues([100, 20], values)));
    }

    [Fact]
    public void Summarized_arrays_fit_the_format_to_the_shown_elements_only()
    {
        var values = Enumerable.Range(0, 2000).Select(i => i == 1000 ? 1e20 : 0.5).ToArray();

        Assert.Equal("[0.5 0.5 0.5 ... 0.5 0.5 0.5]", NumpyPrinter.Format(new RealValues([2000], values, RealPrecision.Double)));
    }

    [Fact]
    public void Booleans_pad_true_to_the_width_of_false()
    {
        Assert.Equal("[ True False]", NumpyPrinter.Format(new BoolValues([2], [true, false])));
    }

    [Fact]
    public void Strings_print_as_python_bytes()
    {
        byte[][] values = ["a"u8.ToArray(), "it's"u8.ToArray(), [0, 10, 255, (byte)'\\']];

        Assert.Equal("[b'a' b\"it's\" b'\\x00\\n\\xff\\\\']", NumpyPrinter.Format(new BytesValues([3], values)));
    }

    [Fact]
    public void Complex_numbers_print_real_and_signed_imaginary_parts()
    {
        Assert.Equal("[1.+2.j 3.-1.j]", NumpyPrinter.Format(new ComplexValues([2], [1, 3], [2, -1], RealPrecision.Double)));
    }

    [Theory]
    [InlineData(10000.0, "10000.0")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1.5e16, "1.5e+16")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(0.0, "0.0")]
    public void Scalars_print_like_numpy_scalars(double value, string expected) =>
        Assert.Equal(expected, NumpyPrinter.Format(new RealValues([], [value], RealPrecision.Single)));

    [Fact]
    public void Scalars_of_other_kinds_print_like_numpy_scalars()
    {
        Assert.Equal("10000", NumpyPrinter.Format(new IntegerValues([], [10000])));
        Assert.Equal("True", NumpyPrinter.Format(new BoolValues([], [true])));
        Assert.Equal("b'x'", NumpyPrinter.Format(new BytesValues([], ["x"u8.ToArray()])));
        Assert.Equal("(1+2j)", NumpyPrinter.Format(new ComplexValues([], [1], [2], RealPrecision.Single)));
    }

    [Fact]
    public void Empty_tensors_print_as_empty_brackets()
    {
        Assert.Equal("[]", NumpyPrinter.Format(new RealValues([0, 3], [], RealPrecision.Single)));
    }
}
