namespace CheckpointGen.Inference.Graphs;

/// <summary>Where element <c>i</c> of a result reads an operand indexed as a <see cref="Broadcast"/> says, for the kernels that walk elements one by one.</summary>
internal static class BroadcastIndex
{
    public static int Of(Broadcast mode, int length, int inner, int i) => mode switch
    {
        Broadcast.Same => i,
        Broadcast.Row => i % length,
        _ => i / inner % length,
    };

    /// <summary>Whether an operand of <paramref name="length"/> elements fits a result of <paramref name="resultLength"/> as <paramref name="mode"/>.</summary>
    /// <exception cref="ArgumentException">It does not.</exception>
    public static void Check(int length, Broadcast mode, int resultLength, int inner, string name)
    {
        bool ok = mode switch
        {
            Broadcast.Same => length == resultLength,
            Broadcast.Row => length > 0 && resultLength % length == 0,
            Broadcast.Column => length > 0 && inner > 0 && resultLength % ((long)length * inner) == 0,
            _ => false,
        };
        if (!ok) throw new ArgumentException($"Operand of {length} elements cannot be broadcast ({mode}, inner {inner}) to {resultLength} elements.", name);
    }
}
