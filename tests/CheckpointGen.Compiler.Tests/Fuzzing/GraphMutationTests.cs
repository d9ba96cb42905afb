using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Planning;
using Google.Protobuf;
using CheckpointGen.Tests;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Fuzzing;

/// <summary>
/// Bounded mutation fuzzing of graph items: flipped, zeroed and truncated bytes of real and
/// synthetic GraphDefs, planned as a build would. Every outcome must be a plan or a CG1xxx error
/// that is not the internal-error code; never an escaping exception, a hang or a huge allocation.
/// </summary>
public class GraphMutationTests
{
    private const int MutationsPerGraph = 150;

    public static TheoryData<string> Graphs => new() { "regression", "conv", "fc-layers", "functions" };

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Mutated_graphs_plan_or_fail_with_a_build_error(string name)
    {
        var (original, outputs) = Graph(name);
        var random = new Random(name.Length * 7919);
        var folder = Directory.CreateTempSubdirectory("cg-fuzz-").FullName;
        try
        {
            for (var n = 0; n < MutationsPerGraph; n++)
            {
                var bytes = Mutate(original, random);
                var path = Path.Combine(folder, "graph.pb");
                File.WriteAllBytes(path, bytes);
                IReadOnlyList<PlanDiagnostic> diagnostics;
                try
                {
                    diagnostics = CompiledModel.Diagnose(path, outputs);
                }
                catch (Exception e)
                {
                    Assert.Fail($"mutation {n} of {name} escaped as {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                    throw;
                }
                Assert.DoesNotContain(diagnostics, d => d.Code == PlanDiagnostic.InternalError);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (byte[] Bytes, string Outputs) Graph(string name) => name switch
    {
        "regression" => (File.ReadAllBytes(FixturePaths.Get("tf2onnx-regression/graphdef/frozen.pb")), "pred"),
        "fc-layers" => (File.ReadAllBytes(FixturePaths.Get("tf2onnx-frozen-fc-layers/frozen.pb")), "output"),
        // A function library: nested calls, attributes, several outputs, control outputs (the inliner's input).
        "functions" => (Functions.FunctionInlinerTests.NestedGraph().ToByteArray(), "call:0;call:1"),
        _ => (new GraphDefBuilder().Placeholder("x", -1, 5, 5, 2).Const("f", Close.Random(3 * 3 * 2 * 2, 1), 3, 3, 2, 2)
            .Op("Conv2D", "c", ["x", "f"], ("strides", Ints(1, 1, 1, 1)), ("padding", String("SAME")))
            .Op("MaxPool", "p", ["c"], ("ksize", Ints(1, 2, 2, 1)), ("strides", Ints(1, 2, 2, 1)), ("padding", String("VALID")))
            .Const("shape", [-1, 8], 2).Op("Reshape", "r", ["p", "shape"]).Op("Softmax", "y", ["r"]).ToBytes(), "y"),
    };

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(3))
        {
            case 0:
                // Graph structure and attributes sit in the first and last bytes; weights in between.
                for (var i = 0; i < 1 + random.Next(4); i++)
                {
                    var at = random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 600)) : bytes.Length - 1 - random.Next(Math.Min(bytes.Length, 600));
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }
                return bytes;
            case 1:
                var start = random.Next(bytes.Length);
                Array.Clear(bytes, start, Math.Min(bytes.Length - start, 1 + random.Next(8)));
                return bytes;
            default:
                return bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
        }
    }
}
