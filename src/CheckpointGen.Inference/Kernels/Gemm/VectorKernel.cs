#if NET8_0_OR_GREATER
using System.Runtime.CompilerServices;
using CheckpointGen.Inference.Kernels.Simd;

namespace CheckpointGen.Inference.Kernels.Gemm;

/// <summary>
/// The register-blocked micro-kernel: <typeparamref name="TRows"/> rows (up to 6) × two vectors of
/// columns, 12 accumulators that stay in registers for the whole K loop (with 2 for B and one
/// broadcast of A: 15 of the 16 vector registers AVX2 has). Per k it loads two vectors of the
/// packed panel and broadcasts one element of A per row, as MLAS's SGEMM kernels do.
/// </summary>
internal static unsafe class VectorKernel<TSimd, TVector, TRows>
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
    where TRows : struct, IRowCount
{
    [MethodImpl(Hot.Path)]
    public static void Run(Tile* t)
    {
        int w = TSimd.Width;
        int rows = TRows.Count;
        nint rs = t->ARowStride, cs = t->AColStride, ldc = t->Ldc;
        float* c = t->C;
        TVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (t->Accumulate)
        {
            c00 = TSimd.Load(c); c01 = TSimd.Load(c + w);
            c10 = rows > 1 ? TSimd.Load(c + ldc) : TSimd.Zero; c11 = rows > 1 ? TSimd.Load(c + ldc + w) : TSimd.Zero;
            c20 = rows > 2 ? TSimd.Load(c + 2 * ldc) : TSimd.Zero; c21 = rows > 2 ? TSimd.Load(c + 2 * ldc + w) : TSimd.Zero;
            c30 = rows > 3 ? TSimd.Load(c + 3 * ldc) : TSimd.Zero; c31 = rows > 3 ? TSimd.Load(c + 3 * ldc + w) : TSimd.Zero;
            c40 = rows > 4 ? TSimd.Load(c + 4 * ldc) : TSimd.Zero; c41 = rows > 4 ? TSimd.Load(c + 4 * ldc + w) : TSimd.Zero;
            c50 = rows > 5 ? TSimd.Load(c + 5 * ldc) : TSimd.Zero; c51 = rows > 5 ? TSimd.Load(c + 5 * ldc + w) : TSimd.Zero;
        }
        else
        {
            TVector init0 = t->Bias != null ? TSimd.Load(t->Bias) : TSimd.Zero;
            TVector init1 = t->Bias != null ? TSimd.Load(t->Bias + w) : TSimd.Zero;
            c00 = c10 = c20 = c30 = c40 = c50 = init0;
            c01 = c11 = c21 = c31 = c41 = c51 = init1;
        }

        float* b = t->B;
        float* segment = t->A;
        for (int remaining = t->K; remaining > 0; remaining -= t->SegmentLength, segment += t->SegmentStride)
        {
            float* a = segment;
            for (int k = t->SegmentLength; k > 0; k--)
            {
                TVector b0 = TSimd.Load(b), b1 = TSimd.Load(b + w);
                b += 2 * w;
                TVector av = TSimd.Broadcast(a[0]);
                c00 = TSimd.MultiplyAdd(av, b0, c00); c01 = TSimd.MultiplyAdd(av, b1, c01);
                if (rows > 1) { av = TSimd.Broadcast(a[rs]); c10 = TSimd.MultiplyAdd(av, b0, c10); c11 = TSimd.MultiplyAdd(av, b1, c11); }
                if (rows > 2) { av = TSimd.Broadcast(a[2 * rs]); c20 = TSimd.MultiplyAdd(av, b0, c20); c21 = TSimd.MultiplyAdd(av, b1, c21); }
                if (rows > 3) { av = TSimd.Broadcast(a[3 * rs]); c30 = TSimd.MultiplyAdd(av, b0, c30); c31 = TSimd.MultiplyAdd(av, b1, c31); }
                if (rows > 4) { av = TSimd.Broadcast(a[4 * rs]); c40 = TSimd.MultiplyAdd(av, b0, c40); c41 = TSimd.MultiplyAdd(av, b1, c41); }
                if (rows > 5) { av = TSimd.Broadcast(a[5 * rs]); c50 = TSimd.MultiplyAdd(av, b0, c50); c51 = TSimd.MultiplyAdd(av, b1, c51); }
                a += cs;
            }
        }

        if (t->Clamp)
        {
            TVector lo = TSimd.Broadcast(t->Lo), hi = TSimd.Broadcast(t->Hi);
            c00 = Clamp(c00, lo, hi); c01 = Clamp(c01, lo, hi);
            if (rows > 1) { c10 = Clamp(c10, lo, hi); c11 = Clamp(c11, lo, hi); }
            if (rows > 2) { c20 = Clamp(c20, lo, hi); c21 = Clamp(c21, lo, hi); }
            if (rows > 3) { c30 = Clamp(c30, lo, hi); c31 = Clamp(c31, lo, hi); }
            if (rows > 4) { c40 = Clamp(c40, lo, hi); c41 = Clamp(c41, lo, hi); }
            if (rows > 5) { c50 = Clamp(c50, lo, hi); c51 = Clamp(c51, lo, hi); }
        }

        TSimd.Store(c, c00); TSimd.Store(c + w, c01);
        if (rows > 1) { TSimd.Store(c + ldc, c10); TSimd.Store(c + ldc + w, c11); }
        if (rows > 2) { TSimd.Store(c + 2 * ldc, c20); TSimd.Store(c + 2 * ldc + w, c21); }
        if (rows > 3) { TSimd.Store(c + 3 * ldc, c30); TSimd.Store(c + 3 * ldc + w, c31); }
        if (rows > 4) { TSimd.Store(c + 4 * ldc, c40); TSimd.Store(c + 4 * ldc + w, c41); }
        if (rows > 5) { TSimd.Store(c + 5 * ldc, c50); TSimd.Store(c + 5 * ldc + w, c51); }
    }

    private static TVector Clamp(TVector x, TVector lo, TVector hi) => TSimd.Min(TSimd.Max(x, lo), hi);
}

/// <summary>
/// One row of A (batch 1: a matrix-vector product) against a packed panel. A single row gives the
/// 6-row kernel only 2 dependent FMA chains; this one unrolls K by 4 into 8 independent chains so
/// the FMA units are not waiting on their own latency.
/// </summary>
internal static unsafe class VectorRowKernel<TSimd, TVector>
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
{
    [MethodImpl(Hot.Path)]
    public static void Run(Tile* t)
    {
        int w = TSimd.Width;
        nint cs = t->AColStride;
        float* c = t->C;
        TVector s00, s01;
        if (t->Accumulate) { s00 = TSimd.Load(c); s01 = TSimd.Load(c + w); }
        else if (t->Bias != null) { s00 = TSimd.Load(t->Bias); s01 = TSimd.Load(t->Bias + w); }
        else { s00 = s01 = TSimd.Zero; }
        TVector s10 = TSimd.Zero, s11 = TSimd.Zero, s20 = TSimd.Zero, s21 = TSimd.Zero, s30 = TSimd.Zero, s31 = TSimd.Zero;

        float* b = t->B;
        float* segment = t->A;
        for (int remaining = t->K; remaining > 0; remaining -= t->SegmentLength, segment += t->SegmentStride)
        {
            float* a = segment;
            int k = t->SegmentLength;
            for (; k >= 4; k -= 4)
            {
                TVector a0 = TSimd.Broadcast(a[0]), a1 = TSimd.Broadcast(a[cs]), a2 = TSimd.Broadcast(a[2 * cs]), a3 = TSimd.Broadcast(a[3 * cs]);
                s00 = TSimd.MultiplyAdd(a0, TSimd.Load(b), s00); s01 = TSimd.MultiplyAdd(a0, TSimd.Load(b + w), s01);
                s10 = TSimd.MultiplyAdd(a1, TSimd.Load(b + 2 * w), s10); s11 = TSimd.MultiplyAdd(a1, TSimd.Load(b + 3 * w), s11);
                s20 = TSimd.MultiplyAdd(a2, TSimd.Load(b + 4 * w), s20); s21 = TSimd.MultiplyAdd(a2, TSimd.Load(b + 5 * w), s21);
                s30 = TSimd.MultiplyAdd(a3, TSimd.Load(b + 6 * w), s30); s31 = TSimd.MultiplyAdd(a3, TSimd.Load(b + 7 * w), s31);
                a += 4 * cs;
                b += 8 * w;
            }
            for (; k > 0; k--)
            {
                TVector a0 = TSimd.Broadcast(a[0]);
                s00 = TSimd.MultiplyAdd(a0, TSimd.Load(b), s00); s01 = TSimd.MultiplyAdd(a0, TSimd.Load(b + w), s01);
                a += cs;
                b += 2 * w;
            }
        }

        TVector r0 = TSimd.Add(TSimd.Add(s00, s10), TSimd.Add(s20, s30));
        TVector r1 = TSimd.Add(TSimd.Add(s01, s11), TSimd.Add(s21, s31));
        if (t->Clamp)
        {
            TVector lo = TSimd.Broadcast(t->Lo), hi = TSimd.Broadcast(t->Hi);
            r0 = TSimd.Min(TSimd.Max(r0, lo), hi);
            r1 = TSimd.Min(TSimd.Max(r1, lo), hi);
        }
        TSimd.Store(c, r0);
        TSimd.Store(c + w, r1);
    }
}

/// <summary>
/// One row of A against two adjacent full panels (<see cref="Tile.PanelStride"/> apart): each
/// broadcast of A feeds four FMAs instead of two, and K unrolled by 2 keeps 8 chains independent.
/// A single row is a matrix-vector product bound by reading B; this reads B as two streams with a
/// third fewer loads of A.
/// </summary>
internal static unsafe class VectorRowPairKernel<TSimd, TVector>
    where TSimd : struct, ISimd<TVector>
    where TVector : struct
{
    [MethodImpl(Hot.Path)]
    public static void Run(Tile* t)
    {
        int w = TSimd.Width;
        nint cs = t->AColStride;
        float* c = t->C;
        TVector s0, s1, s2, s3;
        if (t->Accumulate) { s0 = TSimd.Load(c); s1 = TSimd.Load(c + w); s2 = TSimd.Load(c + 2 * w); s3 = TSimd.Load(c + 3 * w); }
        else if (t->Bias != null) { s0 = TSimd.Load(t->Bias); s1 = TSimd.Load(t->Bias + w); s2 = TSimd.Load(t->Bias + 2 * w); s3 = TSimd.Load(t->Bias + 3 * w); }
        else { s0 = s1 = s2 = s3 = TSimd.Zero; }
        TVector u0 = TSimd.Zero, u1 = TSimd.Zero, u2 = TSimd.Zero, u3 = TSimd.Zero;

        float* b0 = t->B;
        float* b1 = t->B + t->PanelStride;
        float* segment = t->A;
        for (int remaining = t->K; remaining > 0; remaining -= t->SegmentLength, segment += t->SegmentStride)
        {
            float* a = segment;
            int k = t->SegmentLength;
            for (; k >= 2; k -= 2)
            {
                TVector x = TSimd.Broadcast(a[0]), y = TSimd.Broadcast(a[cs]);
                s0 = TSimd.MultiplyAdd(x, TSimd.Load(b0), s0); s1 = TSimd.MultiplyAdd(x, TSimd.Load(b0 + w), s1);
                s2 = TSimd.MultiplyAdd(x, TSimd.Load(b1), s2); s3 = TSimd.MultiplyAdd(x, TSimd.Load(b1 + w), s3);
                u0 = TSimd.MultiplyAdd(y, TSimd.Load(b0 + 2 * w), u0); u1 = TSimd.MultiplyAdd(y, TSimd.Load(b0 + 3 * w), u1);
                u2 = TSimd.MultiplyAdd(y, TSimd.Load(b1 + 2 * w), u2); u3 = TSimd.MultiplyAdd(y, TSimd.Load(b1 + 3 * w), u3);
                a += 2 * cs;
                b0 += 4 * w;
                b1 += 4 * w;
            }
            if (k > 0)
            {
                TVector x = TSimd.Broadcast(a[0]);
                s0 = TSimd.MultiplyAdd(x, TSimd.Load(b0), s0); s1 = TSimd.MultiplyAdd(x, TSimd.Load(b0 + w), s1);
                s2 = TSimd.MultiplyAdd(x, TSimd.Load(b1), s2); s3 = TSimd.MultiplyAdd(x, TSimd.Load(b1 + w), s3);
                b0 += 2 * w;
                b1 += 2 * w;
            }
        }

        s0 = TSimd.Add(s0, u0); s1 = TSimd.Add(s1, u1); s2 = TSimd.Add(s2, u2); s3 = TSimd.Add(s3, u3);
        if (t->Clamp)
        {
            TVector lo = TSimd.Broadcast(t->Lo), hi = TSimd.Broadcast(t->Hi);
            s0 = TSimd.Min(TSimd.Max(s0, lo), hi); s1 = TSimd.Min(TSimd.Max(s1, lo), hi);
            s2 = TSimd.Min(TSimd.Max(s2, lo), hi); s3 = TSimd.Min(TSimd.Max(s3, lo), hi);
        }
        TSimd.Store(c, s0); TSimd.Store(c + w, s1); TSimd.Store(c + 2 * w, s2); TSimd.Store(c + 3 * w, s3);
    }
}
#endif
