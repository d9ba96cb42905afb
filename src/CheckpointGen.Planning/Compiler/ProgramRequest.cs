namespace CheckpointGen.Planning.Compiler;

/// <summary>One entry point to compile: the method and the tensors it feeds and fetches.</summary>
/// <param name="Method">The C# method name.</param>
/// <param name="SignatureKey">The SignatureDef key, or empty.</param>
/// <param name="Inputs">The fed tensors; empty: every Placeholder the outputs need, in graph order.</param>
/// <param name="Outputs">The fetched tensors.</param>
internal sealed record ProgramRequest(string Method, string SignatureKey, IReadOnlyList<ProgramTensor> Inputs, IReadOnlyList<ProgramTensor> Outputs);

/// <summary>A fed or fetched tensor.</summary>
/// <param name="Key">The name the user knows it by (signature key, or the tensor name): the parameter is named after it.</param>
/// <param name="Tensor">The graph tensor, <c>node</c> or <c>node:index</c>.</param>
/// <param name="Dims">For a fed tensor that is no Placeholder: its shape from the signature (-1 unknown); null to take the Placeholder's.</param>
internal sealed record ProgramTensor(string Key, string Tensor, long[]? Dims = null);
