using System.Runtime.CompilerServices;

namespace CheckpointGen.Inference.Kernels.Gemm;

/// <summary>The portable micro-kernel: any row count and panel width, plain float arithmetic.</summary>
internal static unsafe class ScalarKernel
{
    public const int PanelWidth = 8;

    [MethodImpl(Hot.Path)]
    public static void Run(Tile* t)
    {
        int width = t->Width;
        for (int i = 0; i < t->Rows; i++)
        {
            float* c = t->C + i * t->Ldc;
            float* a = t->A + i * t->ARowStride;
            for (int j = 0; j < width; j++)
            {
                float sum = t->Accumulate ? c[j] : t->Bias != null ? t->Bias[j] : 0f;
                float* b = t->B + j;
                for (int k = 0; k < t->K; k++)
                    sum += a[k / t->SegmentLength * t->SegmentStride + k % t->SegmentLength * t->AColStride] * b[k * width];
                c[j] = t->Clamp ? Math.Min(Math.Max(sum, t->Lo), t->Hi) : sum;
            }
        }
    }
}
