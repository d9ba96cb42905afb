#if NET8_0_OR_GREATER
namespace CheckpointGen.Inference.Kernels.Simd;

/// <summary>
/// The vector operations a micro-kernel needs, over one vector type. Implemented by empty structs
/// so the JIT compiles one specialized kernel per width, with every call inlined: the kernels are
/// written once for Vector128, Vector256 and Vector512.
/// </summary>
internal unsafe interface ISimd<TVector> where TVector : struct
{
    static abstract int Width { get; }
    static abstract TVector Zero { get; }
    static abstract TVector Load(float* source);
    static abstract void Store(float* destination, TVector value);
    static abstract TVector Broadcast(float value);

    /// <summary><c>a * b + addend</c>, fused where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);
    static abstract TVector Add(TVector a, TVector b);
    static abstract TVector Max(TVector a, TVector b);
    static abstract TVector Min(TVector a, TVector b);
}

/// <summary>A row count as a type, so kernels drop the code for rows they do not have at JIT time.</summary>
internal interface IRowCount
{
    static abstract int Count { get; }
}

internal readonly struct Rows2 : IRowCount { public static int Count => 2; }
internal readonly struct Rows3 : IRowCount { public static int Count => 3; }
internal readonly struct Rows4 : IRowCount { public static int Count => 4; }
internal readonly struct Rows5 : IRowCount { public static int Count => 5; }
internal readonly struct Rows6 : IRowCount { public static int Count => 6; }
#endif
