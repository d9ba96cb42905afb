#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
#endif

namespace CheckpointGen.Inference.Kernels;

/// <summary>The instruction-set path a kernel runs on.</summary>
public enum KernelIsa
{
    /// <summary>Portable scalar loops: the netstandard2.0 path, and the reference for the others.</summary>
    Scalar,

    /// <summary>128-bit vectors (SSE/AVX with FMA on x64, AdvSimd on Arm64).</summary>
    Vector128,

    /// <summary>256-bit vectors (AVX2 + FMA).</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512F).</summary>
    Vector512,
}

/// <summary>Which <see cref="KernelIsa"/> this process runs on.</summary>
public static class KernelIsaSupport
{
    /// <summary>The widest path the hardware accelerates; what kernels use unless told otherwise.</summary>
    public static KernelIsa Best { get; } = Detect();

    /// <summary>
    /// Whether <paramref name="isa"/> can run in this process. A vector path the hardware does not
    /// accelerate still runs (the JIT emulates it, slowly), which is how tests cover every path.
    /// </summary>
    public static bool CanRun(KernelIsa isa) => isa switch
    {
        KernelIsa.Scalar => true,
#if NET8_0_OR_GREATER
        KernelIsa.Vector128 or KernelIsa.Vector256 or KernelIsa.Vector512 => true,
#endif
        _ => false,
    };

    private static KernelIsa Detect()
    {
#if NET8_0_OR_GREATER
        if (Vector512.IsHardwareAccelerated) return KernelIsa.Vector512;
        if (Vector256.IsHardwareAccelerated) return KernelIsa.Vector256;
        if (Vector128.IsHardwareAccelerated) return KernelIsa.Vector128;
#endif
        return KernelIsa.Scalar;
    }
}
