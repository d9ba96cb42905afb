using CheckpointGen.Runtime.Tests.Writing;

namespace CheckpointGen.Runtime.Tests.Typed;

/// <summary>What a generated Lazy class's <c>Open</c> checks: every compiled tensor is in the checkpoint with its dtype and shape.</summary>
public sealed class MappedTensorStorageTests
{
    [Fact]
    public void Open_names_every_missing_or_different_tensor_in_compiled_order()
    {
        using var temp = new TempDirectory();
        var prefix = temp["lazy/ckpt"];
        using (var writer = new CheckpointWriter(prefix))
        {
            writer.Add("a", TensorShape.Create(2), TensorData.FromValues(new[] { 1f, 2f }));
            writer.Add("b", TensorShape.Create(2), TensorData.FromValues(new[] { 3, 4 }));
            writer.Add("c", TensorShape.Create(2, 1), TensorData.FromValues(new[] { 5f, 6f }));
            writer.Commit();
        }

        var e = Assert.Throws<CheckpointMismatchException>(() => MappedTensorStorage.Open(prefix, new[]
        {
            new TensorDescriptor("c", TensorDataType.Float, new long[] { 2 }, -1, 8),
            new TensorDescriptor("a", TensorDataType.Float, new long[] { 2 }, -1, 8),
            new TensorDescriptor("gone", TensorDataType.Float, new long[] { 2 }, -1, 8),
            new TensorDescriptor("b", TensorDataType.Float, new long[] { 2 }, -1, 8),
        }));

        Assert.Equal(
            new[] { "'c' has shape [2, 1], compiled as [2]", "'gone' is missing", "'b' is int32, compiled as float32" },
            e.Differences);
    }

    [Fact]
    public void Open_pairs_each_descriptor_with_its_own_key_when_another_tensor_has_it_as_a_shortened_key()
    {
        const string Long = "layer/kernel/.ATTRIBUTES/VARIABLE_VALUE";
        using var temp = new TempDirectory();
        var prefix = temp["lazy/ckpt"];
        using (var writer = new CheckpointWriter(prefix))
        {
            writer.Add(Long, TensorShape.Create(2), TensorData.FromValues(new[] { 1f, 2f }));
            writer.Add("layer/kernel", TensorShape.Create(), TensorData.FromValues(new[] { 9f }));
            writer.Commit();
        }

        using var storage = MappedTensorStorage.Open(prefix, new[]
        {
            new TensorDescriptor(Long, TensorDataType.Float, new long[] { 2 }, -1, 8),
            new TensorDescriptor("layer/kernel", TensorDataType.Float, Array.Empty<long>(), -1, 4),
        });

        Assert.Equal(new[] { 1f, 2f }, storage.GetTensor<float>(0).Span.ToArray());
        Assert.Equal(9f, storage.GetTensor<float>(1).Value);
    }
}
