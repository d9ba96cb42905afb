using System.Globalization;
using E2E;

// Inputs the test computes the same way: exact small fractions, the same on every runtime.
const int Batch = 2;
var pixels = new float[Batch * 784];
for (var i = 0; i < pixels.Length; i++)
{
    pixels[i] = ((i * 37 % 101) - 50) / 50f;
}

// A frozen GraphDef item with Outputs: Predict, the graph compiled to C#.
var logits = FcLayers.Embedded.Predict(pixels);
for (var i = 0; i < logits.Length; i++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fc[{i}] = {logits[i]:R}"));
}

// A SavedModel item: a method per signature, fed where serving_default feeds.
var y = HalfPlusTwo.Embedded.ServingDefault(new float[] { -4f, 1f, 2.5f });
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"half_plus_two = {string.Join(", ", y.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}"));
