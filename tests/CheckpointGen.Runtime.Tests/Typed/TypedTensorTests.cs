using System.Runtime.InteropServices;
using CheckpointGen.Runtime.Tests.Writing;

namespace CheckpointGen.Runtime.Tests.Typed;

/// <summary>
/// What generated classes call at run time: element types (float16 and bfloat16 as their own
/// types and as raw bits, in every runtime build), scalars, names, and tensors too large for a span.
/// </summary>
public sealed class TypedTensorTests : IDisposable
{
    private const string Kernel = "layer/kernel/.ATTRIBUTES/VARIABLE_VALUE";

    private static readonly Half[] HalfValues = { (Half)1.5f, (Half)(-2f), (Half)65504f };
    private static readonly float[] BFloatValues = { 3.5f, -0.125f };

    private readonly TempDirectory _temp = new();
    private readonly MappedTensorStorage _storage;

    public TypedTensorTests()
    {
        var prefix = _temp["typed/ckpt"];
        using (var writer = new CheckpointWriter(prefix))
        {
            writer.Add("h", TensorShape.Create(3), TensorData.FromValues(HalfValues));
            writer.Add("bf", TensorShape.Create(2), TensorData.FromValues(Array.ConvertAll(BFloatValues, v => (BFloat16)v)));
            writer.Add("s", TensorShape.Create(), TensorData.FromValues(new[] { 7f }));
            writer.Add("one", TensorShape.Create(1, 1), TensorData.FromValues(new[] { 8f }));
            writer.Add(Kernel, TensorShape.Create(2, 2), TensorData.FromValues(new[] { 1f, 2f, 3f, 4f }));
            writer.Add("layer/kernel", TensorShape.Create(), TensorData.FromValues(new[] { 9f }));
            writer.Add("dense/bias/.ATTRIBUTES/VARIABLE_VALUE", TensorShape.Create(2), TensorData.FromValues(new[] { 5f, 6f }));
            writer.Commit();
        }
        _storage = MappedTensorStorage.Open(prefix, new[]
        {
            new TensorDescriptor("h", TensorDataType.Half, new long[] { 3 }, -1, 6),
            new TensorDescriptor("bf", TensorDataType.BFloat16, new long[] { 2 }, -1, 4),
            new TensorDescriptor("s", TensorDataType.Float, Array.Empty<long>(), -1, 4),
            new TensorDescriptor("one", TensorDataType.Float, new long[] { 1, 1 }, -1, 4),
            new TensorDescriptor(Kernel, TensorDataType.Float, new long[] { 2, 2 }, -1, 16),
            new TensorDescriptor("layer/kernel", TensorDataType.Float, Array.Empty<long>(), -1, 4),
            new TensorDescriptor("dense/bias/.ATTRIBUTES/VARIABLE_VALUE", TensorDataType.Float, new long[] { 2 }, -1, 8, variableName: "dense_1/bias"),
        });
    }

    public void Dispose()
    {
        _storage.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Float16_reads_as_Half_and_as_its_raw_bits()
    {
        var index = _storage.IndexOf("h");

        Assert.Equal(HalfValues, _storage.GetTensor<Half>(index).ToArray());
        Assert.Equal(Array.ConvertAll(HalfValues, BitConverter.HalfToUInt16Bits), _storage.GetTensor<ushort>(index).ToArray());
        Assert.Equal(
            "'h' is float16; it cannot be read as Single: read it as Half, or as UInt16 for the raw bits.",
            Assert.Throws<ArgumentException>(() => _storage.GetTensor<float>(index)).Message);
    }

    [Fact]
    public void Bfloat16_reads_as_BFloat16_and_as_its_raw_bits()
    {
        var index = _storage.IndexOf("bf");

        Assert.Equal(BFloatValues, Array.ConvertAll(_storage.GetTensor<BFloat16>(index).ToArray(), v => (float)v));
        Assert.Equal(Array.ConvertAll(BFloatValues, v => ((BFloat16)v).RawValue), _storage.GetTensor<ushort>(index).ToArray());
        Assert.Throws<ArgumentException>(() => _storage.GetTensor<Half>(index));
    }

    [Fact]
    public void Checkpoint_reads_accept_the_same_element_types()
    {
        var checkpoint = _storage.Checkpoint;

        Assert.Equal(Array.ConvertAll(HalfValues, BitConverter.HalfToUInt16Bits), checkpoint.Read<ushort>("h"));
        Assert.Equal(HalfValues, checkpoint.Read<Half>("h"));
        Assert.Equal(
            "'s' is float32; it cannot be read as UInt16: read it as Single.",
            Assert.Throws<ArgumentException>(() => checkpoint.Read<ushort>("s")).Message);
    }

    [Fact]
    public void Value_reads_a_scalar_or_a_single_element_and_refuses_anything_else()
    {
        Assert.Equal(7f, _storage.GetTensor<float>(_storage.IndexOf("s")).Value);
        Assert.Equal(8f, _storage.GetTensor<float>(_storage.IndexOf("one")).Value);

        var e = Assert.Throws<InvalidOperationException>(() => _storage.GetTensor<float>(_storage.IndexOf(Kernel)).Value);

        Assert.Equal($"'{Kernel}' has shape [2, 2] (4 elements); Value reads a scalar: use Span, Slice or ToArray().", e.Message);
    }

    [Fact]
    public void A_TF2_key_is_found_without_its_attribute_suffix_unless_a_stored_key_has_that_name()
    {
        Assert.Equal(_storage.IndexOf("dense/bias/.ATTRIBUTES/VARIABLE_VALUE"), _storage.IndexOf("dense/bias"));
        Assert.Equal(_storage.IndexOf("dense/bias"), _storage.IndexOf("dense_1/bias"));
        Assert.Equal(9f, _storage.GetTensor<float>(_storage.IndexOf("layer/kernel")).Value);
        Assert.Equal(
            "No variable 'dense/bais' was compiled in. Did you mean 'dense/bias'?",
            Assert.Throws<KeyNotFoundException>(() => _storage.IndexOf("dense/bais")).Message);
    }

    [Fact]
    public void Slice_reads_part_of_a_tensor_in_place()
    {
        var kernel = _storage.GetTensor<float>(_storage.IndexOf(Kernel));

        Assert.Equal(new[] { 2f, 3f }, kernel.Slice(1, 2).ToArray());
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, kernel.Slice(0, 4).ToArray());
        Assert.Empty(kernel.Slice(4, 0).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Slice(3, 2).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => kernel.Slice(-1, 1).Length);
    }

    [Fact]
    public unsafe void A_tensor_too_large_for_a_span_fails_clearly_and_reads_in_slices()
    {
        const long Count = 3L << 30;
        var buffer = (float*)NativeMemory.Alloc(16, sizeof(float));
        try
        {
            for (var i = 0; i < 16; i++)
            {
                buffer[i] = i;
            }
            using var storage = new PointerStorage((byte*)buffer, new TensorDescriptor("huge", TensorDataType.Float, new[] { 3L, 1L << 30 }, -1, Count * 4));
            var tensor = storage.GetTensor<float>(0);

            var e = Assert.Throws<InvalidOperationException>(() => tensor.Span.Length);

            Assert.Equal($"'huge' has {Count} elements, more than a span can hold (2147483647); read it in parts with Slice(start, length).", e.Message);
            Assert.Throws<InvalidOperationException>(() => tensor.ToArray());
            Assert.Throws<InvalidOperationException>(() => tensor.Value);
            Assert.Equal(Count, tensor.Length);
            Assert.Equal(new[] { 12f, 13f, 14f, 15f }, tensor.Slice(12, 4).ToArray());
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    /// <summary>Storage over memory the test owns, so a tensor can claim more elements than it has bytes.</summary>
    private sealed unsafe class PointerStorage : TensorStorage
    {
        private readonly byte* _base;

        public PointerStorage(byte* basePointer, params TensorDescriptor[] descriptors)
            : base(descriptors) => _base = basePointer;

        internal override byte* GetPointer(int index) => _base;

        internal override byte[][] ReadStrings(int index) => throw new NotSupportedException();
    }
}
