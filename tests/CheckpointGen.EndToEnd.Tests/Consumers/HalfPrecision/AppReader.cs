using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using CheckpointGen.Runtime;
using E2E;

// The declared types are the point: this compiles only if float16 is generated as System.Half
// for the runtime build this framework gets, and the run shows that build accepts it. Tensor
// spans are in every runtime build for net8.0 and later.
var model = HalfModel.Embedded;
ReadOnlySpan<Half> h = model.H.Span;
ReadOnlySpan<BFloat16> bf = model.Bf.Span;
ReadOnlySpan<Half> hByName = model.Get<Half>("h").Span;
ReadOnlySpan<ushort> hBits = model.Get<ushort>("h").Span;
ReadOnlySpan<ushort> bfBits = model.Get<ushort>("bf").Span;

Console.WriteLine("h " + string.Join(" ", h.ToArray().Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture))));
Console.WriteLine("h-by-name " + string.Join(" ", hByName.ToArray().Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture))));
Console.WriteLine("bf " + string.Join(" ", bf.ToArray().Select(v => ((float)v).ToString("R", CultureInfo.InvariantCulture))));
Console.WriteLine("h-bits " + string.Join(" ", hBits.ToArray().Select(b => b.ToString("x4", CultureInfo.InvariantCulture))));
Console.WriteLine("bf-bits " + string.Join(" ", bfBits.ToArray().Select(b => b.ToString("x4", CultureInfo.InvariantCulture))));
var tensor = model.H.TensorSpan;
Console.WriteLine($"tensor-span {tensor.Rank} {tensor.FlattenedLength} {((float)tensor[new nint[] { 2 }]).ToString("R", CultureInfo.InvariantCulture)}");
Console.WriteLine("runtime " + typeof(BFloat16).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
