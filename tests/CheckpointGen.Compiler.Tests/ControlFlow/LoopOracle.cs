using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests.Oracle;

namespace CheckpointGen.Compiler.Tests.ControlFlow;

/// <summary>
/// Runs a <see cref="LibraryGraph"/> through the generated method and through TensorFlow.js (which
/// executes While and If from the function library) and compares every output: floats within the
/// issue's tolerance, integers and bools exactly.
/// </summary>
internal static class LoopOracle
{
    public sealed record Input(string Name, Array Values, int[] Shape);

    /// <returns>The compiled model (disposed by the caller), for assertions on its plan.</returns>
    public static CompiledModel Check(LibraryGraph graph, string[] outputs, int batch, params Input[] inputs) =>
        Check(graph, outputs, batch, graph, outputs, inputs);

    /// <summary>As <see cref="Check(LibraryGraph, string[], int, Input[])"/>, with TensorFlow.js running <paramref name="oracleGraph"/>'s <paramref name="oracleOutputs"/>: the same computation in a form it runs.</summary>
    public static CompiledModel Check(LibraryGraph graph, string[] outputs, int batch, LibraryGraph oracleGraph, string[] oracleOutputs, params Input[] inputs)
    {
        var folder = Directory.CreateTempSubdirectory("cg-loops-").FullName;
        try
        {
            var model = CompiledModel.Build(graph.Write(folder), string.Join(";", outputs), string.Join(";", inputs.Select(i => i.Name)));
            var actual = model.RunTyped(batch, inputs.Select(i => i.Values).ToArray());
            var expected = TfjsOracle.Run(oracleGraph.Bytes(), inputs.ToDictionary(i => i.Name, i => new OracleTensor(i.Shape, Floats(i.Values), DType(i.Values))), oracleOutputs);
            for (var o = 0; o < outputs.Length; o++)
            {
                if (actual[o] is float[] floats)
                {
                    Close.Assert(expected[oracleOutputs[o]].Values, floats, outputs[o]);
                }
                else
                {
                    Assert.Equal(expected[oracleOutputs[o]].Values, Floats(actual[o]));
                }
            }
            return model;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static float[] Floats(Array values) => values switch
    {
        int[] i => i.Select(v => (float)v).ToArray(),
        bool[] b => b.Select(v => v ? 1f : 0f).ToArray(),
        _ => (float[])values,
    };

    private static string DType(Array values) => values switch
    {
        int[] => "int32",
        bool[] => "bool",
        _ => "float32",
    };
}
