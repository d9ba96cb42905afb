using CheckpointGen.Inference.Graphs;
using CheckpointGen.Inference.Tests.Reference;

namespace CheckpointGen.Inference.Tests.Graphs;

public class StridedTests
{
    private static int[] RowMajor(int[] dims)
    {
        var strides = new int[dims.Length];
        for (int d = dims.Length - 1, s = 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= Math.Max(dims[d], 1);
        }
        return strides;
    }

    public static TheoryData<string, int[], int[], int[], int> Walks => new()
    {
        // name, x dims, walk dims, x strides, x offset (y contiguous over the walk)
        { "transpose 3-d", [2, 3, 4], [4, 2, 3], [1, 12, 4], 0 },
        { "transpose keeping a contiguous pair", [2, 3, 4, 5], [3, 2, 4, 5], [20, 60, 5, 1], 0 },
        { "reversed slice", [5, 6], [3, 6], [-12, -1], 29 },
        { "strided slice", [5, 6], [2, 3], [12, 2], 7 },
        { "tile by zero strides", [2, 3], [2, 2, 3, 3], [3, 0, 1, 0], 0 },
        { "broadcast of a scalar", [1], [300, 2], [0, 0], 0 },
        { "identity merges to one run", [4, 5, 6], [4, 5, 6], [30, 6, 1], 0 },
        { "empty", [4, 5], [0, 5], [5, 1], 0 },
    };

    [Theory]
    [MemberData(nameof(Walks))]
    public void Copy_equals_the_definition(string what, int[] xDims, int[] walk, int[] xStrides, int xOffset)
    {
        var x = Tolerance.Random(xDims.Aggregate(1, (a, d) => a * d), what.Length);
        var count = walk.Aggregate(1, (a, d) => a * d);
        float[] expected = new float[count], actual = new float[count];
        NaiveLayout.Copy(x, expected, walk, xStrides, xOffset, RowMajor(walk), 0);

        Strided.Copy<float>(x, actual, 1, new StridedMap(walk, [xStrides, RowMajor(walk)], [xOffset, 0]));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_batched_walk_takes_the_batch_per_call(int batch)
    {
        // [batch, 3, 4] transposed to [batch, 4, 3], integers: the kernel is dtype-agnostic.
        var x = Enumerable.Range(0, batch * 12).Select(i => (long)i * 7).ToArray();
        long[] expected = new long[batch * 12], actual = new long[batch * 12];
        NaiveLayout.Copy(x, expected, [batch, 4, 3], [12, 1, 4], 0, [12, 3, 1], 0);

        Strided.Copy<long>(x, actual, batch, new StridedMap([StridedMap.Batch, 4, 3], [[12, 1, 4], [12, 3, 1]], [0, 0]));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Pad_fills_then_places_the_input_inside()
    {
        // [2, 3] padded by (1, 0) and (2, 1) into [3, 6].
        float[] x = [1, 2, 3, 4, 5, 6], y = new float[18];
        var expected = Enumerable.Repeat(-1f, 18).ToArray();
        NaiveLayout.Copy(x, expected, [2, 3], [3, 1], 0, [6, 1], 8);

        Strided.Pad<float>(x, y, -1f, 1, new StridedMap([2, 3], [[3, 1], [6, 1]], [0, 8]));

        Assert.Equal(expected, y);
        Assert.Equal(-1f, y[7]);
        Assert.Equal(1f, y[8]);
    }

    [Fact]
    public void A_walk_outside_a_span_is_an_argument_error_not_a_crash()
    {
        var map = new StridedMap([2, 3], [[3, 1], [3, 1]], [0, 0]);

        Assert.Throws<ArgumentException>(() => Strided.Copy<float>(new float[5], new float[6], 1, map));
        Assert.Throws<ArgumentException>(() => Strided.Copy<float>(new float[6], new float[5], 1, map));
        Assert.Throws<ArgumentException>(() => new StridedMap([2, -3], [[3, 1]], [0]));
        Assert.Throws<ArgumentException>(() => new StridedMap([2, 3], [[3]], [0]));
    }

    public static TheoryData<int[], int[]> Broadcasts => new()
    {
        { [3, 1, 4], [3, 5, 4] },
        { [2, 4, 1, 2], [3, 1] },
        { [2, 1], [1, 300] },
        { [1, 300], [2, 1] },
        { [2, 3, 1], [2, 1, 5] },
        { [4, 5], [4, 5] },
    };

    [Theory]
    [MemberData(nameof(Broadcasts))]
    public void Binary_broadcasts_as_numpy(int[] aShape, int[] bShape)
    {
        var a = Tolerance.Random(aShape.Aggregate(1, (x, d) => x * d), 3);
        var b = Tolerance.Random(bShape.Aggregate(1, (x, d) => x * d), 4);
        foreach (var (op, f) in new (BinaryOperator, Func<float, float, float>)[] { (BinaryOperator.Sub, (x, y) => x - y), (BinaryOperator.Maximum, Math.Max), (BinaryOperator.Mul, (x, y) => x * y) })
        {
            var expected = NaiveLayout.Broadcast(a, aShape, b, bShape, f, out var shape);
            var c = new float[expected.Length];
            var map = new StridedMap(shape, [Strides(aShape, shape), Strides(bShape, shape), RowMajor(shape)], [0, 0, 0]);

            Elementwise.Binary(op, a, b, c, 1, map);

            Tolerance.AssertClose(expected, c, $"{op} {string.Join("x", aShape)} with {string.Join("x", bShape)}");
        }
    }

    [Fact]
    public void Walks_allocate_nothing_per_call()
    {
        float[] x = Tolerance.Random(4 * 3 * 5, 9), b = Tolerance.Random(4 * 5, 10), y = new float[60];
        var transpose = new StridedMap([StridedMap.Batch, 5, 3], [[15, 1, 5], [15, 3, 1]], [0, 0]);
        var broadcast = new StridedMap([StridedMap.Batch, 3, 5], [[15, 5, 1], [5, 0, 1], [15, 5, 1]], [0, 0, 0]);
        var pad = new StridedMap([StridedMap.Batch, 5], [[5, 1], [15, 1]], [0, 0]);
        void Run()
        {
            Strided.Copy<float>(x, y, 4, transpose);
            Strided.Pad<float>(b, y, 0f, 4, pad);
            Elementwise.Binary(BinaryOperator.Add, x, b, y, 4, broadcast);
        }
        Run();

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Constants_decode_little_endian_base64()
    {
        float[] values = [1.5f, -0f, float.NaN, 3e-38f];
        var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();

        Assert.Equal(values, Constants.Decode(Convert.ToBase64String(bytes)));
        Assert.Throws<FormatException>(() => Constants.Decode(Convert.ToBase64String(new byte[3])));
    }

    private static int[] Strides(int[] operand, int[] result)
    {
        var own = RowMajor(operand);
        return result.Select((d, r) => r - (result.Length - operand.Length) is var o && o >= 0 && operand[o] == d ? own[o] : 0).ToArray();
    }
}
