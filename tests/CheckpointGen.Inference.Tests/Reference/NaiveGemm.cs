namespace CheckpointGen.Inference.Tests.Reference;

/// <summary>The textbook triple loop in double precision, with TensorFlow's MatMul transposes.</summary>
internal static class NaiveGemm
{
    public static float[] Multiply(float[] a, float[] b, int m, int k, int n, bool transposeA, bool transposeB, float[]? bias)
    {
        var c = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = bias?[j] ?? 0;
                for (int p = 0; p < k; p++)
                {
                    double x = transposeA ? a[p * m + i] : a[i * k + p];
                    double y = transposeB ? b[j * k + p] : b[p * n + j];
                    sum += x * y;
                }
                c[i * n + j] = (float)sum;
            }
        }
        return c;
    }
}
