using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Protos;
using CheckpointGen.Tests.Oracle;
using static CheckpointGen.Tests.Oracle.GraphDefBuilder;

namespace CheckpointGen.Compiler.Tests.Errors;

/// <summary>What Conv2DBackpropInput, the resizes and grouped Conv2D do not take is a build error naming the node and the attribute or shape.</summary>
public class ConvolutionErrorTests
{
    private static (string Code, string Message) Diagnose(GraphDef graph, string output = "y")
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cg-conv-bad-").FullName, "graph.pb");
        File.WriteAllBytes(path, graph.Bytes());
        var error = Assert.Single(CompiledModel.Diagnose(path, output));
        return (error.Code, error.Message);
    }

    private static GraphDef Transposed(int[] sizes, string padding = "SAME", params (string, AttrValue)[] more) =>
        GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 3, 3, 2).Const("f", new float[3 * 3 * 4 * 2], 3, 3, 4, 2).Const("sizes", sizes, sizes.Length))
            .Node("y", "Conv2DBackpropInput", ["sizes", "f", "x"], [("T", Type(DataType.DtFloat)), ("strides", Ints(1, 2, 2, 1)), ("padding", String(padding)), .. more]);

    [Fact]
    public void A_transposed_convolution_in_NCHW_names_the_node_and_the_data_format()
    {
        var (code, message) = Diagnose(Transposed([6, 6], more: ("data_format", String("NCHW"))));

        Assert.Equal("CG1040", code);
        Assert.Contains("'y' (Conv2DBackpropInput)", message);
        Assert.Contains("data_format NCHW", message);
    }

    [Fact]
    public void Input_sizes_the_forward_convolution_does_not_map_to_the_input_are_a_shape_error()
    {
        // SAME with stride 2 maps 6 or 5 rows to 3, never 8.
        var (code, message) = Diagnose(Transposed([8, 6]));

        Assert.Equal("CG1043", code);
        Assert.Contains("'y' (Conv2DBackpropInput)", message);
        Assert.Contains("gives [4, 3], not [3, 3]", message);
    }

    [Fact]
    public void Input_sizes_with_other_channels_than_the_filter_are_a_shape_error()
    {
        var (code, message) = Diagnose(Transposed([1, 6, 6, 5]));

        Assert.Equal("CG1043", code);
        Assert.Contains("input_sizes [1, 6, 6, 5]", message);
    }

    [Fact]
    public void Input_sizes_computed_at_run_time_are_refused()
    {
        var graph = GraphEdit.Parse(new GraphDefBuilder().Placeholder("x", -1, 3, 3, 2).Placeholder("sizes", 2).Const("f", new float[3 * 3 * 4 * 2], 3, 3, 4, 2))
            .Node("y", "Conv2DBackpropInput", ["sizes", "f", "x"], ("T", Type(DataType.DtFloat)), ("strides", Ints(1, 2, 2, 1)), ("padding", String("SAME")));

        var (code, message) = Diagnose(graph);

        Assert.Equal("CG1040", code);
        Assert.Contains("input_sizes", message);
    }

    [Fact]
    public void A_resize_with_both_align_corners_and_half_pixel_centers_is_refused_as_tensorflow_refuses_it()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 4, 4, 1).Const("size", [8, 8], 2)
            .Op("ResizeBilinear", "y", ["x", "size"], ("align_corners", Bool(true)), ("half_pixel_centers", Bool(true)));

        var (code, message) = Diagnose(GraphEdit.Parse(graph));

        Assert.Equal("CG1040", code);
        Assert.Contains("'y' (ResizeBilinear)", message);
        Assert.Contains("align_corners and half_pixel_centers", message);
    }

    [Fact]
    public void A_resize_to_no_pixels_is_a_shape_error()
    {
        var graph = new GraphDefBuilder().Placeholder("x", -1, 4, 4, 1).Const("size", [0, 8], 2).Op("ResizeNearestNeighbor", "y", ["x", "size"]);

        var (code, message) = Diagnose(GraphEdit.Parse(graph));

        Assert.Equal("CG1043", code);
        Assert.Contains("size [0,8]", message);
    }

    [Fact]
    public void Groups_that_do_not_divide_the_filters_output_channels_are_a_shape_error()
    {
        // 6 input channels, filter of 2: three groups, but 4 output channels.
        var graph = new GraphDefBuilder().Placeholder("x", -1, 4, 4, 6).Const("f", new float[2 * 2 * 2 * 4], 2, 2, 2, 4)
            .Op("Conv2D", "y", ["x", "f"], ("strides", Ints(1, 1, 1, 1)), ("padding", String("VALID")));

        var (code, message) = Diagnose(GraphEdit.Parse(graph));

        Assert.Equal("CG1043", code);
        Assert.Contains("in 3 groups", message);
    }
}
