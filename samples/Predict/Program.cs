using System.Globalization;
using Predict;

// No forward pass written here: every number below comes from the graphs, compiled to C# at build time.
var x = new[] { 0f, 1f, 2f, 10f };
var pred = RegressionModel.Embedded.Predict(x);
for (var i = 0; i < x.Length; i++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pred({x[i]}) = {pred[i]:R}"));
}

// Two 28×28 images, row-major: a vertical bar and a horizontal bar, as the model's 784 inputs each.
var images = new float[2 * 784];
for (var p = 0; p < 784; p++)
{
    var (row, column) = (p / 28, p % 28);
    images[p] = column is >= 12 and < 16 ? 1f : 0f;
    images[784 + p] = row is >= 12 and < 16 ? 1f : 0f;
}
var logits = new float[2 * 10];
FcLayers.Embedded.Predict(images, logits);   // into a caller's buffer: no allocation after the first call
for (var image = 0; image < 2; image++)
{
    var scores = logits.AsSpan(image * 10, 10);
    var best = scores.IndexOf(System.Numerics.Tensors.TensorPrimitives.Max(scores));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"image {image}: class {best}, logits {string.Join(" ", scores.ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}"));
}
