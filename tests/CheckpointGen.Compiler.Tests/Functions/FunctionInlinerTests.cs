using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Planning.Compiler;
using CheckpointGen.Planning.Compiler.Functions;
using CheckpointGen.Protos;
using CheckpointGen.Tests;
using Google.Protobuf;

namespace CheckpointGen.Compiler.Tests.Functions;

/// <summary>
/// The inliner on synthetic function libraries, compiled and run as a frozen GraphDef item
/// (Outputs given), so a wrong argument, return or attribute mapping shows as a wrong number.
/// </summary>
public sealed partial class FunctionInlinerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cg-functions-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// outer(x, c) = (inner(relu(x·c), x).sum, inner(x, c).sum) through a PartitionedCall with an
    /// attribute, and a function called directly as an op; inner returns two outputs and has a
    /// control output and control-only nodes (NoOp, an Assert on a string Const) that must not matter.
    /// </summary>
    [Fact]
    public void Nested_calls_with_attributes_and_several_outputs_compute_the_function()
    {
        var path = Write(NestedGraph());
        using var model = CompiledModel.Build(path, outputs: "call:0;call:1", inputs: "x");
        var x = Close.Random(2 * 3, 11);

        var outputs = model.Run(2, x);

        var y = x.Select((v, i) => Math.Max(0f, v * C[i % 3]) + v).ToArray();
        var z = x.Select((v, i) => v + C[i % 3]).ToArray();
        Close.Assert(y, outputs[0], "call:0");
        Close.Assert(z, outputs[1], "call:1");
    }

    /// <summary>Body nodes are named {call}/{node}, nested calls' bodies under their call, so an inner tensor can be fetched by that name.</summary>
    [Fact]
    public void Inlined_nodes_are_named_after_their_calls()
    {
        var path = Write(NestedGraph());
        using var model = CompiledModel.Build(path, outputs: "call/direct/add", inputs: "x");
        var x = Close.Random(3, 5);

        var sum = model.Run(1, x)[0];

        Close.Assert(x.Select((v, i) => Math.Max(0f, v * C[i]) + v).ToArray(), sum, "call/direct/add");
    }

    /// <summary>
    /// Keras saves a recurrent layer twice, a CuDNN path and a generic one with the same
    /// api_implements; a call of the GPU one (a model traced on a GPU) runs the CPU one (here: the GPU
    /// body holds an op the compiler refuses, the CPU body computes relu(x)), whichever of
    /// api_implements and _api_implements tags them.
    /// </summary>
    [Theory]
    [InlineData("api_implements")]
    [InlineData("_api_implements")]
    public void A_call_of_a_gpu_implementation_inlines_the_standard_one(string tag)
    {
        var graph = Graph(Call("call", "StatefulPartitionedCall", "gpu_lstm_with_fallback", "x"));
        var gpu = Function("gpu_lstm_with_fallback", ["a"], ["out"], [Op("rnn", "CudnnRNN", "a")], ("out", "rnn:output:0"));
        var cpu = Function("standard_lstm", ["a"], ["out"], [Op("relu", "Relu", "a")], ("out", "relu:activations:0"));
        foreach (var (function, device) in new[] { (gpu, "GPU"), (cpu, "CPU") })
        {
            function.Attr[tag] = new AttrValue { S = ByteString.CopyFromUtf8("lstm_0f9d2cca-ebd8-4c00-a7a6-ffcf8df64ce0") };
            function.Attr["api_preferred_device"] = new AttrValue { S = ByteString.CopyFromUtf8(device) };
        }
        graph.Library.Function.Add(gpu);
        graph.Library.Function.Add(cpu);
        using var model = CompiledModel.Build(Write(graph), outputs: "call", inputs: "x");
        var x = Close.Random(2 * 3, 12);

        var y = model.Run(2, x)[0];

        Close.Assert(x.Select(v => Math.Max(0f, v)).ToArray(), y, "call");
    }

    [Fact]
    public void A_recursive_function_is_refused_at_the_depth_limit()
    {
        var graph = Graph(Call("call", "StatefulPartitionedCall", "rec", "x"));
        graph.Library.Function.Add(Function("rec", ["a"], ["out"], [Call("again", "PartitionedCall", "rec", "a")], ("out", "again:output:0")));

        var error = Assert.Single(CompiledModel.Diagnose(Write(graph), outputs: "call", inputs: "x"));

        Assert.Equal(GraphCompileException.InliningLimit, error.Code);
        Assert.Contains($"deeper than {FunctionInliner.MaxDepth} levels", error.Message);
    }

    /// <summary>f0 calls f1 twice, f1 calls f2 twice, …: a small file that would inline to 2^18 nodes.</summary>
    [Fact]
    public void A_graph_that_inlines_to_too_many_nodes_is_refused()
    {
        var graph = Graph(Call("call", "PartitionedCall", "f0", "x"));
        const int levels = 18;
        for (var i = 0; i < levels; i++)
        {
            NodeDef[] body = i == levels - 1
                ? [Op("add", "AddV2", "a", "a")]
                : [Call("l", "PartitionedCall", $"f{i + 1}", "a"), Call("r", "PartitionedCall", $"f{i + 1}", "a"), Op("add", "AddV2", "l:output:0", "r:output:0")];
            graph.Library.Function.Add(Function($"f{i}", ["a"], ["out"], body, ("out", "add:z:0")));
        }

        var error = Assert.Single(CompiledModel.Diagnose(Write(graph), outputs: "call", inputs: "x"));

        Assert.Equal(GraphCompileException.InliningLimit, error.Code);
        Assert.Contains($"more than {FunctionInliner.MaxNodes:N0} nodes", error.Message);
    }

    /// <summary>A function holding a 1 MiB constant, reached through 2^7 calls: a 1 MiB file that would inline to 128 MiB.</summary>
    [Fact]
    public void A_graph_that_inlines_to_too_many_bytes_is_refused()
    {
        var graph = Graph(Call("call", "PartitionedCall", "f0", "x"));
        const int levels = 8;
        for (var i = 0; i < levels; i++)
        {
            NodeDef[] body = i == levels - 1
                ? [ConstNode("big", new float[1 << 18]), Op("add", "AddV2", "a", "big:output:0")]
                : [Call("l", "PartitionedCall", $"f{i + 1}", "a"), Call("r", "PartitionedCall", $"f{i + 1}", "a"), Op("add", "AddV2", "l:output:0", "r:output:0")];
            graph.Library.Function.Add(Function($"f{i}", ["a"], ["out"], body, ("out", "add:z:0")));
        }

        var error = Assert.Single(CompiledModel.Diagnose(Write(graph), outputs: "call", inputs: "x"));

        Assert.Equal(GraphCompileException.InliningLimit, error.Code);
        Assert.Contains("bytes (at node", error.Message);
    }

    /// <summary>A read ordered after an AssignAddVariableOp would see the updated value: refused rather than compiled with the checkpoint's.</summary>
    [Fact]
    public void A_read_after_a_variable_write_is_refused()
    {
        var graph = Graph(Call("call", "StatefulPartitionedCall", "update", "x", "v"));
        var handle = new NodeDef { Name = "v", Op = "VarHandleOp" };
        handle.Attr["dtype"] = new AttrValue { Type = DataType.DtFloat };
        handle.Attr["shared_name"] = new AttrValue { S = ByteString.CopyFromUtf8("v") };
        graph.Node.Add(handle);
        var write = new NodeDef { Name = "write", Op = "AssignAddVariableOp", Input = { "h", "a" } };
        var read = new NodeDef { Name = "read", Op = "ReadVariableOp", Input = { "h", "^write" } };
        graph.Library.Function.Add(Function("update", ["a", "h"], ["out"], [write, read, Op("add", "AddV2", "a", "read:value:0")], ("out", "add:z:0")));

        var error = Assert.Single(CompiledModel.Diagnose(Write(graph), outputs: "call", inputs: "x"));

        Assert.Equal(GraphCompileException.UnsupportedOp, error.Code);
        Assert.Contains("reads a variable after 'write' (AssignAddVariableOp) writes it", error.Message);
    }

    [Fact]
    public void A_call_of_a_function_the_library_lacks_is_an_error_naming_both()
    {
        var path = Write(Graph(Call("call", "StatefulPartitionedCall", "missing", "x")));

        var diagnostic = Assert.Single(CompiledModel.Diagnose(path, outputs: "call", inputs: "x"));

        Assert.Equal(GraphCompileException.MissingInput, diagnostic.Code);
        Assert.Contains("node 'call' (StatefulPartitionedCall) calls function 'missing', which the graph's library does not define", diagnostic.Message);
    }

    [Fact]
    public void An_attribute_placeholder_the_call_does_not_set_is_an_error()
    {
        var graph = Graph(Call("call", "PartitionedCall", "generic", "x"));
        var add = Op("add", "AddV2", "a", "a");
        add.Attr["T"] = new AttrValue { Placeholder = "T" };
        graph.Library.Function.Add(Function("generic", ["a"], ["out"], [add], ("out", "add:z:0")));

        var error = Assert.Single(CompiledModel.Diagnose(Write(graph), outputs: "call", inputs: "x"));

        Assert.Equal(GraphCompileException.MissingInput, error.Code);
        Assert.Contains("takes attribute 'T' from 'T', which the call does not set", error.Message);
    }

    [Fact]
    public void A_return_naming_no_body_node_is_an_error()
    {
        var graph = Graph(Call("call", "PartitionedCall", "broken", "x"));
        graph.Library.Function.Add(Function("broken", ["a"], ["out"], [Op("neg", "Neg", "a")], ("out", "nowhere:y:0")));

        var error = Assert.Single(CompiledModel.Diagnose(Write(graph), outputs: "call", inputs: "x"));

        Assert.Equal(GraphCompileException.MissingInput, error.Code);
        Assert.Contains("reads 'nowhere:y:0'", error.Message);
    }

    private string Write(GraphDef graph)
    {
        var path = Path.Combine(_folder, "functions.pb");
        File.WriteAllBytes(path, graph.ToByteArray());
        return path;
    }
}
