namespace CheckpointGen.Runtime;

/// <summary>Float bit casts that netstandard2.0 lacks.</summary>
internal static class BitConverterCompat
{
#if NET
    public static float Int32BitsToSingle(int bits) => BitConverter.Int32BitsToSingle(bits);

    public static int SingleToInt32Bits(float value) => BitConverter.SingleToInt32Bits(value);
#else
    public static unsafe float Int32BitsToSingle(int bits) => *(float*)&bits;

    public static unsafe int SingleToInt32Bits(float value) => *(int*)&value;
#endif
}
