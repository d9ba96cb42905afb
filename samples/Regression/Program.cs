using Regression;

// pred = W * x + b, with W and b read in place from the weights embedded at build time.
var model = RegressionModel.Embedded;
var w = model.W.Value;
var b = model.B.Value;
Console.WriteLine($"W = {w:R}");
Console.WriteLine($"b = {b:R}");
foreach (var x in new[] { 0f, 1f, 2f, 10f })
{
    Console.WriteLine($"pred({x}) = {(w * x) + b:R}");
}
