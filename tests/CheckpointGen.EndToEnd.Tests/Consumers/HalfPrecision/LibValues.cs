using System;
using System.Linq;
using CheckpointGen.Runtime;

namespace E2E.Lib
{
    /// <summary>The library's float16 and bfloat16 weights, as a netstandard2.0 library reads them.</summary>
    public static class LibValues
    {
        /// <summary>float16 has no System.Half in netstandard2.0: the generated type is its raw bits.</summary>
        public static ushort[] HalfBits()
        {
            ReadOnlySpan<ushort> bits = LibHalfModel.Embedded.H.Span;
            return bits.ToArray();
        }

        /// <summary>bfloat16 is the runtime's own type in every build.</summary>
        public static float[] BFloats()
        {
            ReadOnlySpan<BFloat16> values = LibHalfModel.Embedded.Bf.Span;
            return values.ToArray().Select(v => (float)v).ToArray();
        }

        /// <summary>Raw bits by name, as every runtime build accepts them.</summary>
        public static ushort[] BFloatBits() => LibHalfModel.Embedded.Get<ushort>("bf").ToArray();
    }
}
