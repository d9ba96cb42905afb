using CheckpointGen.Tests;

namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>Compares what a consumer application read with the independent reader's listing of the checkpoint.</summary>
internal static class ListingAssert
{
    /// <summary>The class holds exactly these variables, and each one's values are the listing's.</summary>
    public static void Holds(ExpectedListing listing, DumpedModel model, IEnumerable<string> expectedNames)
    {
        Assert.Equal(expectedNames.Order(StringComparer.Ordinal), model.Names.Order(StringComparer.Ordinal));
        ValuesMatch(listing, model);
    }

    /// <summary>Every tensor of the class has the listing's dtype, element count, sum and first value.</summary>
    public static void ValuesMatch(ExpectedListing listing, DumpedModel model)
    {
        var expected = listing.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Assert.NotEmpty(model.Tensors);
        foreach (var tensor in model.Tensors)
        {
            Assert.True(expected.TryGetValue(tensor.Name, out var want), $"{model.Name} has '{tensor.Name}', which {listing} does not");
            Assert.Equal(want.DType, tensor.DType);
            if (want.Strings is { } strings)
            {
                Assert.Equal(strings, tensor.Count);
                continue;
            }
            Assert.Equal(want.Shape.Aggregate(1L, (a, b) => a * b), tensor.Count);
            AssertClose(want.Sum!.Value, tensor.Sum, $"{model.Name}: sum of {tensor.Name}");
            AssertClose(want.First[0], tensor.First, $"{model.Name}: first value of {tensor.Name}");
        }
    }

    private static void AssertClose(double expected, double? actual, string what)
    {
        Assert.True(actual.HasValue, what + " was not printed");
        var tolerance = 1e-6 * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual!.Value) <= tolerance, $"{what}: expected {expected:R}, got {actual:R}");
    }
}
