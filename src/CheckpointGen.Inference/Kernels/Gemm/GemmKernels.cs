using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
using CheckpointGen.Inference.Kernels.Simd;
#endif

namespace CheckpointGen.Inference.Kernels.Gemm;

/// <summary>Which micro-kernel, and so which panel width, each <see cref="KernelIsa"/> uses.</summary>
internal static unsafe class GemmKernels
{
    /// <summary>Rows of A per micro-kernel call.</summary>
    public const int MaxRows = 6;

    /// <summary>Two vectors: the micro-kernels' tile width.</summary>
    public static int PanelWidth(KernelIsa isa) => isa switch
    {
        KernelIsa.Vector128 => 8,
        KernelIsa.Vector256 => 16,
        KernelIsa.Vector512 => 32,
        _ => ScalarKernel.PanelWidth,
    };

    /// <summary>The kernel for <paramref name="rows"/> rows (1..<see cref="MaxRows"/>) of A.</summary>
    [MethodImpl(Hot.Path)]
    public static delegate*<Tile*, void> For(KernelIsa isa, int rows) => isa switch
    {
#if NET8_0_OR_GREATER
        KernelIsa.Vector128 => For<Simd128, Vector128<float>>(rows),
        KernelIsa.Vector256 => For<Simd256, Vector256<float>>(rows),
        KernelIsa.Vector512 => For<Simd512, Vector512<float>>(rows),
#endif
        _ => &ScalarKernel.Run,
    };

    /// <summary>The kernel for one row of A against two adjacent full panels, or null where there is none.</summary>
    [MethodImpl(Hot.Path)]
    public static delegate*<Tile*, void> ForRowPair(KernelIsa isa) => isa switch
    {
#if NET8_0_OR_GREATER
        KernelIsa.Vector128 => &VectorRowPairKernel<Simd128, Vector128<float>>.Run,
        KernelIsa.Vector256 => &VectorRowPairKernel<Simd256, Vector256<float>>.Run,
        KernelIsa.Vector512 => &VectorRowPairKernel<Simd512, Vector512<float>>.Run,
#endif
        _ => null,
    };

#if NET8_0_OR_GREATER
    private static delegate*<Tile*, void> For<TSimd, TVector>(int rows)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct => rows switch
    {
        1 => &VectorRowKernel<TSimd, TVector>.Run,
        2 => &VectorKernel<TSimd, TVector, Rows2>.Run,
        3 => &VectorKernel<TSimd, TVector, Rows3>.Run,
        4 => &VectorKernel<TSimd, TVector, Rows4>.Run,
        5 => &VectorKernel<TSimd, TVector, Rows5>.Run,
        _ => &VectorKernel<TSimd, TVector, Rows6>.Run,
    };
#endif
}
