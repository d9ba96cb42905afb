using BenchmarkDotNet.Attributes;
using CheckpointGen.Inference.Graphs;

namespace CheckpointGen.Benchmarks.Inference;

/// <summary>
/// The strided walks of compiled graphs at batch 64: general broadcasting ([B, 1, C] with
/// [B, H, C]) against the alternative of materializing the broadcast operand and then running the
/// same-shape path; the row pattern ([B, H, C] with [C]) on its fast mode and walked; a transpose
/// walked against the index loop one would write.
/// </summary>
[MemoryDiagnoser]
public class LayoutBenchmarks
{
    private const int B = 64, H = 32, C = 64;

    private readonly float[] a = Values(B * H * C, 1), column = Values(B * C, 2), row = Values(C, 3);
    private readonly float[] expanded = new float[B * H * C], c = new float[B * H * C];
    private readonly StridedMap expand = new([StridedMap.Batch, H, C], [[C, 0, 1], [H * C, C, 1]], [0, 0]);
    private readonly StridedMap broadcast = new([StridedMap.Batch, H, C], [[H * C, C, 1], [C, 0, 1], [H * C, C, 1]], [0, 0, 0]);
    private readonly StridedMap rowWalk = new([StridedMap.Batch, H, C], [[H * C, C, 1], [0, 0, 1], [H * C, C, 1]], [0, 0, 0]);
    private readonly StridedMap transpose = new([StridedMap.Batch, C, H], [[H * C, 1, C], [H * C, H, 1]], [0, 0]);

    [Benchmark(Baseline = true, Description = "[B,1,C]+[B,H,C]: materialize, then same-shape")]
    public void MaterializeThenSame()
    {
        Strided.Copy<float>(column, expanded, B, expand);
        Elementwise.Binary(BinaryOperator.Add, a, Broadcast.Same, expanded, Broadcast.Same, 1, c);
    }

    [Benchmark(Description = "[B,1,C]+[B,H,C]: strided walk")]
    public void BroadcastWalk() => Elementwise.Binary(BinaryOperator.Add, a, column, c, B, broadcast);

    [Benchmark(Description = "[B,H,C]+[C]: row mode")]
    public void RowMode() => Elementwise.Binary(BinaryOperator.Add, a, Broadcast.Same, row, Broadcast.Row, 1, c);

    [Benchmark(Description = "[B,H,C]+[C]: strided walk")]
    public void RowWalk() => Elementwise.Binary(BinaryOperator.Add, a, row, c, B, rowWalk);

    [Benchmark(Description = "transpose [B,H,C]->[B,C,H]: index loop")]
    public void TransposeLoop()
    {
        for (int n = 0; n < B; n++)
            for (int j = 0; j < C; j++)
                for (int i = 0; i < H; i++)
                    c[(n * C + j) * H + i] = a[(n * H + i) * C + j];
    }

    [Benchmark(Description = "transpose [B,H,C]->[B,C,H]: strided walk")]
    public void TransposeWalk() => Strided.Copy<float>(a, c, B, transpose);

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)random.NextDouble()).ToArray();
    }
}
