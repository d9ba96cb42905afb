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

// Its regress_x_to_y signature: serialized tf.Examples in, {"x": float_list [v]} written byte by byte.
var r = HalfPlusTwo.Embedded.RegressXToY(new ReadOnlyMemory<byte>[] { ExampleOf(-4f), ExampleOf(6f) });
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"regress_x_to_y = {string.Join(", ", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}"));

static byte[] ExampleOf(float value)
{
    var f = BitConverter.GetBytes(value);
    // Example { features (1) { feature (1) { key (1) "x", value (2) Feature { float_list (2) { value (1) packed [f] } } } } }
    return new byte[] { 0x0A, 15, 0x0A, 13, 0x0A, 1, (byte)'x', 0x12, 8, 0x12, 6, 0x0A, 4, f[0], f[1], f[2], f[3] };
}
