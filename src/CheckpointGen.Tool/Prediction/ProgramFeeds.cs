using System.Globalization;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Tool.Commands;
using CheckpointGen.Tool.Npy;

namespace CheckpointGen.Tool.Prediction;

/// <summary>An input and the file it came from, for messages: a .npy array, or serialized examples (a TFRecord file's records, or one Example).</summary>
internal sealed record InputFile(string Path, NpyArray? Array, ReadOnlyMemory<byte>[]? Examples);

/// <summary>
/// Matches <c>--input NAME=FILE</c> inputs (.npy arrays; serialized examples for a string parameter) to a compiled program's parameters by key (the
/// signature's input key or the fed tensor's name), checks each one's dtype against the span the
/// method declares and its shape against the plan's (the batch dimension free, equal across
/// inputs), and allocates the outputs. Every mismatch is a usage error naming what was expected.
/// </summary>
internal static class ProgramFeeds
{
    /// <summary>The input arrays in parameter order, and the batch size they agree on (1 when no input is batched).</summary>
    /// <exception cref="CommandFailedException">An input is missing, unknown, or of the wrong dtype or shape (exit 2).</exception>
    public static (Array[] Inputs, long Batch) Bind(PlanProgram program, IReadOnlyList<Type> elementTypes, IReadOnlyDictionary<string, InputFile> given)
    {
        foreach (var name in given.Keys.Where(k => program.Parameters.All(p => p.Key != k)))
        {
            throw Usage($"--input {name}: the model has no input '{name}'; it takes {Describe(program.Parameters, elementTypes)}");
        }
        long? batch = null;
        var inputs = new Array[program.Parameters.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var parameter = program.Parameters[i];
            if (parameter.DType == ProgramDTypes.String)
            {
                inputs[i] = Examples(parameter, given, ref batch);
                continue;
            }
            var dtype = NpyDType.ForElementType(elementTypes[i])!;
            if (!given.TryGetValue(parameter.Key, out var input))
            {
                throw Usage($"the input '{parameter.Key}' ({dtype.Name} {Shape(parameter.Dims)}) is not given: add --input {parameter.Key}=FILE.npy");
            }
            if (input.Array is null)
            {
                throw Usage($"--input {parameter.Key}={input.Path}: expected a .npy file of {dtype.Name} {Shape(parameter.Dims)}");
            }
            if (input.Array.DType != dtype)
            {
                throw Usage($"--input {parameter.Key}={input.Path}: expected {dtype.Name}, the file holds {input.Array.DType.Name}");
            }
            var shape = input.Array.Shape;
            var fits = shape.Length == parameter.Dims.Count
                && parameter.Dims.Select((d, k) => d == PlanValue.Batch || d == shape[k]).All(ok => ok);
            if (!fits)
            {
                throw Usage($"--input {parameter.Key}={input.Path}: expected shape {Shape(parameter.Dims)} (? is the batch), the file has {NpyArray.FormatShape(shape)}");
            }
            if (parameter.Dims.Count > 0 && parameter.Dims[0] == PlanValue.Batch)
            {
                if (batch is { } b && b != shape[0])
                {
                    throw Usage($"--input {parameter.Key}={input.Path}: its batch is {shape[0]}, another input's is {b}; inputs of one call share the batch size");
                }
                batch = shape[0];
            }
            inputs[i] = input.Array.Values;
        }
        return (inputs, batch ?? 1);
    }

    /// <summary>The serialized examples of a string parameter: one per batch row.</summary>
    private static ReadOnlyMemory<byte>[] Examples(PlanProgramTensor parameter, IReadOnlyDictionary<string, InputFile> given, ref long? batch)
    {
        if (!given.TryGetValue(parameter.Key, out var input))
        {
            throw Usage($"the input '{parameter.Key}' (serialized tf.Examples) is not given: add --input {parameter.Key}=FILE.tfrecord (or a file holding one serialized Example)");
        }
        if (input.Examples is null)
        {
            throw Usage($"--input {parameter.Key}={input.Path}: expected serialized tf.Examples (a .tfrecord file, or a file holding one serialized Example), not a .npy file");
        }
        if (batch is { } b && b != input.Examples.Length)
        {
            throw Usage($"--input {parameter.Key}={input.Path}: it holds {input.Examples.Length} examples, another input's batch is {b}; inputs of one call share the batch size");
        }
        batch = input.Examples.Length;
        return input.Examples;
    }

    /// <summary>New arrays for the program's outputs at <paramref name="batch"/>, of the element types the method declares.</summary>
    /// <exception cref="CommandFailedException">An output would have more elements than an array holds.</exception>
    public static NpyArray[] Outputs(PlanProgram program, IReadOnlyList<Type> elementTypes, long batch) =>
        program.Results.Select((r, i) =>
        {
            var shape = r.Dims.Select(d => d == PlanValue.Batch ? batch : d).ToArray();
            var count = shape.Aggregate(1.0, (a, d) => a * d);
            if (count > Array.MaxLength)
            {
                throw Usage($"the output '{r.Key}' at batch {batch} has shape {NpyArray.FormatShape(shape)}, more elements than an array holds; predict in smaller batches");
            }
            var dtype = NpyDType.ForElementType(elementTypes[i])!;
            return new NpyArray(dtype, shape, dtype.NewArray((int)count));
        }).ToArray();

    /// <summary>The shape as the plan has it: <c>[?, 784]</c>.</summary>
    public static string Shape(IEnumerable<long> dims) =>
        "[" + string.Join(", ", dims.Select(d => d == PlanValue.Batch ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Describe(IReadOnlyList<PlanProgramTensor> parameters, IReadOnlyList<Type> elementTypes) =>
        parameters.Count == 0 ? "no inputs" : string.Join(", ", parameters.Select((p, i) => $"'{p.Key}' ({(p.DType == ProgramDTypes.String ? "serialized tf.Examples" : NpyDType.ForElementType(elementTypes[i])!.Name)} {Shape(p.Dims)})"));

    private static CommandFailedException Usage(string message) => new(ExitCodes.Usage, message);
}
