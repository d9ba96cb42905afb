using CheckpointGen.Inference.Kernels;

namespace CheckpointGen.Inference.Tests.Kernels;

/// <summary>
/// Every instruction-set path, forced: Vector512 runs (emulated by the JIT) even where the CPU has
/// no AVX-512, so its kernel is checked here too; Scalar is the netstandard2.0 path.
/// </summary>
internal static class IsaPaths
{
    public static readonly KernelIsa[] All = [KernelIsa.Scalar, KernelIsa.Vector128, KernelIsa.Vector256, KernelIsa.Vector512];
}
