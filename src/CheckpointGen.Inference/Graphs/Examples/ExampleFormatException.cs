namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// A serialized <c>tf.Example</c> a generated method was given cannot be parsed into the feature the
/// model reads: malformed bytes, a feature of the wrong list kind or length, or a required feature
/// missing. The message names the example's index in the batch, the feature and, for malformed
/// bytes, the byte offset within that example.
/// </summary>
public sealed class ExampleFormatException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="example">The example's index in the call's batch.</param>
    /// <param name="feature">The feature key being parsed.</param>
    /// <param name="offset">The byte offset within the example where the bytes are wrong, or -1 when the bytes are well formed.</param>
    /// <param name="reason">What was found and what was expected.</param>
    public ExampleFormatException(int example, string feature, int offset, string reason)
        : base(offset >= 0
            ? $"Example {example} (parsing feature '{feature}'), byte {offset}: {reason}"
            : $"Example {example}, feature '{feature}' {reason}")
    {
        Example = example;
        Feature = feature;
        Offset = offset;
    }

    /// <summary>The example's index in the call's batch.</summary>
    public int Example { get; }

    /// <summary>The feature key being parsed.</summary>
    public string Feature { get; }

    /// <summary>The byte offset within the example where the bytes are wrong, or -1 when the bytes are well formed.</summary>
    public int Offset { get; }
}
