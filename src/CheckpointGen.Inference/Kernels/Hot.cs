using System.Runtime.CompilerServices;

namespace CheckpointGen.Inference.Kernels;

/// <summary>
/// The method options of kernel code: fully optimized from the first call. Tier-0 code of these
/// loops is several times slower, a model's first inferences should not pay for it, and the
/// timing of a call should not depend on how long the process has been running.
/// </summary>
internal static class Hot
{
#if NET8_0_OR_GREATER
    public const MethodImplOptions Path = MethodImplOptions.AggressiveOptimization;
#else
    public const MethodImplOptions Path = 0;
#endif
}
