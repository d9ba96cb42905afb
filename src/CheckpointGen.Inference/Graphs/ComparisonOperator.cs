namespace CheckpointGen.Inference.Graphs;

/// <summary>The comparisons compiled graphs call (TensorFlow's op names); each gives a bool tensor.</summary>
public enum ComparisonOperator
{
    /// <summary><c>a == b</c>.</summary>
    Equal,
    /// <summary><c>a != b</c>.</summary>
    NotEqual,
    /// <summary><c>a &gt; b</c>.</summary>
    Greater,
    /// <summary><c>a &gt;= b</c>.</summary>
    GreaterEqual,
    /// <summary><c>a &lt; b</c>.</summary>
    Less,
    /// <summary><c>a &lt;= b</c>.</summary>
    LessEqual,
}
