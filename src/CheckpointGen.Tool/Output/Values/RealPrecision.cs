namespace CheckpointGen.Tool.Output.Values;

/// <summary>
/// The floating-point type an element was stored as. Values are held as <see cref="double"/>
/// (every narrower type widens exactly); the precision decides the shortest digits that
/// identify the stored value, which is what numpy prints and what JSON carries.
/// </summary>
internal enum RealPrecision
{
    /// <summary>IEEE binary16 (<c>float16</c>).</summary>
    Half,

    /// <summary>The upper half of a binary32 (<c>bfloat16</c>).</summary>
    BFloat16,

    /// <summary>IEEE binary32 (<c>float32</c>).</summary>
    Single,

    /// <summary>IEEE binary64 (<c>float64</c>).</summary>
    Double,
}
