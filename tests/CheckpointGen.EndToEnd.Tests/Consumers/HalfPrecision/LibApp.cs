using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using CheckpointGen.Runtime;
using E2E.Lib;

// A net10.0 app deploys the net10.0 runtime build with the netstandard2.0 library, which was
// compiled against the netstandard2.0 build: the library's raw-bits reads must still work.
Console.WriteLine("h " + string.Join(" ", LibValues.HalfBits().Select(b => ((float)BitConverter.UInt16BitsToHalf(b)).ToString("R", CultureInfo.InvariantCulture))));
Console.WriteLine("bf " + string.Join(" ", LibValues.BFloats().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
Console.WriteLine("h-bits " + string.Join(" ", LibValues.HalfBits().Select(b => b.ToString("x4", CultureInfo.InvariantCulture))));
Console.WriteLine("bf-bits " + string.Join(" ", LibValues.BFloatBits().Select(b => b.ToString("x4", CultureInfo.InvariantCulture))));
Console.WriteLine("runtime " + typeof(BFloat16).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
