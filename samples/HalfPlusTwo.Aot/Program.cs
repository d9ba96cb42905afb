using HalfPlusTwo;

// The same computation as the Lazy sample, from weights compiled into the native executable.
var model = HalfPlusTwoModel.Embedded;
var a = model.A.Value;
var b = model.B.Value;
Console.WriteLine($"a = {a:R}");
Console.WriteLine($"b = {b:R}");
foreach (var x in new[] { 0f, 1f, 2f, 5f })
{
    Console.WriteLine($"half_plus_two({x}) = {(a * x) + b:R}");
}
