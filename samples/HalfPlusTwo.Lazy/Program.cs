using HalfPlusTwo;

// y = a * x + b from a TF2 SavedModel; object-based keys such as a/.ATTRIBUTES/VARIABLE_VALUE
// become properties named A, B, C. The tensors are memory-mapped when first read.
using var model = args.Length > 0 ? HalfPlusTwoModel.Open(args[0]) : HalfPlusTwoModel.Open();
var a = model.A.Value;
var b = model.B.Value;
Console.WriteLine($"a = {a:R}");
Console.WriteLine($"b = {b:R}");
foreach (var x in new[] { 0f, 1f, 2f, 5f })
{
    Console.WriteLine($"half_plus_two({x}) = {(a * x) + b:R}");
}
