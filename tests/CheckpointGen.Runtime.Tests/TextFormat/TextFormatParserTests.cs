using System.Text;
using CheckpointGen.Protos;
using CheckpointGen.Runtime.TextFormat;
using CheckpointGen.Tests;
using Google.Protobuf;

namespace CheckpointGen.Runtime.Tests.TextFormat;

public sealed class TextFormatParserTests
{
    [Fact]
    public void Reads_scalars_of_every_kind_with_lists_and_repeated_lines()
    {
        var tensor = Parse<TensorProto>("""
            dtype: DT_HALF
            tensor_shape < dim { size: 2 name: 'rows' } dim: { size: 0x10 } >
            version_number: -017
            float_val: [1.5f, -2, inf, -Infinity, nan, .25, 1e3]
            float_val: 3
            double_val: -1.25e-2 double_val: 0x7fffffffffffffff
            int_val: [-2147483648, 2147483647]
            int64_val: -9223372036854775808
            uint64_val: 18446744073709551615
            uint32_val: 4294967295
            bool_val: [true, false, t, f, True, False, 1, 0]
            string_val: "con" 'cat' "\x00\377"
            tensor_content: ""
            """);

        Assert.Equal(DataType.DtHalf, tensor.Dtype);
        Assert.Equal(new[] { 2L, 16L }, tensor.TensorShape.Dim.Select(d => d.Size));
        Assert.Equal("rows", tensor.TensorShape.Dim[0].Name);
        Assert.Equal(-15, tensor.VersionNumber);
        Assert.Equal(new[] { 1.5f, -2f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0.25f, 1000f, 3f }, tensor.FloatVal);
        Assert.Equal(new[] { -0.0125, 9223372036854775807.0 }, tensor.DoubleVal);
        Assert.Equal(new[] { int.MinValue, int.MaxValue }, tensor.IntVal);
        Assert.Equal(long.MinValue, Assert.Single(tensor.Int64Val));
        Assert.Equal(ulong.MaxValue, Assert.Single(tensor.Uint64Val));
        Assert.Equal(uint.MaxValue, Assert.Single(tensor.Uint32Val));
        Assert.Equal(new[] { true, false, true, false, true, false, true, false }, tensor.BoolVal);
        Assert.Equal(new byte[] { (byte)'c', (byte)'o', (byte)'n', (byte)'c', (byte)'a', (byte)'t', 0, 0xff }, Assert.Single(tensor.StringVal).ToByteArray());
    }

    [Fact]
    public void Reads_maps_oneofs_and_enums_by_name_or_number()
    {
        var node = Parse<NodeDef>("""
            name: "dense/kernel" op: "VariableV2"
            input: ["a", "^b"]
            attr { key: "dtype" value { type: DT_FLOAT } }
            attr: { key: "shape" value: { shape { dim { size: -1 } dim { size: 3 } } } }
            attr < key: "num" value < i: 7 > >
            attr [{ key: "ref" value { type: 101 } }, { key: "list" value { list { type: [DT_INT32, DT_INT64] s: "x" } } }]
            """);

        Assert.Equal("dense/kernel", node.Name);
        Assert.Equal(new[] { "a", "^b" }, node.Input);
        Assert.Equal(DataType.DtFloat, node.Attr["dtype"].Type);
        Assert.Equal(new[] { -1L, 3L }, node.Attr["shape"].Shape.Dim.Select(d => d.Size));
        Assert.Equal(AttrValue.ValueOneofCase.I, node.Attr["num"].ValueCase);
        Assert.Equal(7, node.Attr["num"].I);
        Assert.Equal(DataType.DtFloatRef, node.Attr["ref"].Type);
        Assert.Equal(new[] { DataType.DtInt32, DataType.DtInt64 }, node.Attr["list"].List.Type);
        Assert.Equal("x", Assert.Single(node.Attr["list"].List.S).ToStringUtf8());
    }

    [Fact]
    public void Reads_fixed_width_integers_and_nested_lists_of_a_bundle_entry()
    {
        var entry = Parse<BundleEntryProto>("dtype: DT_BFLOAT16 shard_id: 1 offset: 0x10 crc32c: 0xdeadbeef slices { extent { start: 2 length: 3 } extent { } }");

        Assert.Equal(DataType.DtBfloat16, entry.Dtype);
        Assert.Equal(1, entry.ShardId);
        Assert.Equal(16, entry.Offset);
        Assert.Equal(0xdeadbeefu, entry.Crc32C);
        var extents = Assert.Single(entry.Slices).Extent;
        Assert.Equal((2L, TensorSliceProto.Types.Extent.HasLengthOneofCase.Length, 3L), (extents[0].Start, extents[0].HasLengthCase, extents[0].Length));
        Assert.Equal((0L, TensorSliceProto.Types.Extent.HasLengthOneofCase.None), (extents[1].Start, extents[1].HasLengthCase));
    }

    [Fact]
    public void Skips_fields_it_does_not_declare_extensions_and_expanded_any()
    {
        var meta = Parse<MetaGraphDef>("""
            meta_info_def {
              any_info { [type.googleapis.com/tensorflow.Whatever] { deep { deeper: [1, 2] } s: "}" } }
              unknown_scalar: -inf
              unknown_strings: "a" "b"
              unknown_message < x: { y: [ { z: 1 }, { z: 2 } ] } >
              unknown_list: [1, 2, 3]
              [some.extension]: 5
              [some.other.extension] { a: 1 }
              tags: "serve"
              tensorflow_version: "2.14.0";
            }
            graph_def { library { function { signature { name: "f" } } } node { name: "n" } versions { producer: 175 } }
            """);

        Assert.Equal("serve", Assert.Single(meta.MetaInfoDef.Tags));
        Assert.Equal("2.14.0", meta.MetaInfoDef.TensorflowVersion);
        Assert.Equal("n", Assert.Single(meta.GraphDef.Node).Name);
        Assert.Equal(175, meta.GraphDef.Versions.Producer);
    }

    [Fact]
    public void Skips_unknown_fields_nested_far_deeper_than_the_stack_could_recurse()
    {
        const int depth = 200_000;
        var text = "unknown " + string.Concat(Enumerable.Repeat("{ a ", depth)) + string.Concat(Enumerable.Repeat("} ", depth)) + " model_checkpoint_path: 'm'";

        Assert.Equal("m", Parse<CheckpointState>(text).ModelCheckpointPath);
    }

    [Fact]
    public void Refuses_declared_messages_nested_more_than_64_deep()
    {
        // NameAttrList.attr -> AttrValue.func -> NameAttrList ...: a declared recursion.
        var text = "attr { key: 'k' value " + string.Concat(Enumerable.Repeat("{ func { attr { key: 'k' value ", 22)) + "{ i: 1 }" + new string('}', 70);

        var error = Assert.Throws<CheckpointFormatException>(() => TextFormatParser.Parse<NameAttrList>(text, "deep.pbtxt"));

        Assert.Contains("nested more than 64 deep", error.Message, StringComparison.Ordinal);
        var allowed = "attr { key: 'k' value " + string.Concat(Enumerable.Repeat("{ func { attr { key: 'k' value ", 20)) + "{ i: 1 }" + new string('}', 61);
        Assert.Equal("k", TextFormatParser.Parse<NameAttrList>(allowed, "deep.pbtxt").Attr["k"].Func.Attr.Keys.Single());
    }

    [Theory]
    [InlineData("model_checkpoint_path: 'a'\nmodel_checkpoint_path: 'b'", 27, "line 2:1", "given more than once")]
    [InlineData("i: 1 f: 2.5", 5, "line 1:6", "oneof 'value'")]
    [InlineData("type: DT_NOPE", 6, "line 1:7", "'DT_NOPE' is not a value of enum tensorflow.DataType")]
    [InlineData("i: 1.5", 3, "line 1:4", "expected an integer for field 'i', found '1.5'")]
    [InlineData("b: yes", 3, "line 1:4", "expected true or false")]
    [InlineData("s: 12", 3, "line 1:4", "expected a quoted string")]
    [InlineData("f: abc", 3, "line 1:4", "expected a number")]
    [InlineData("i: 99999999999999999999", 3, "line 1:4", "does not fit in 64 bits")]
    [InlineData("i: 019", 3, "line 1:4", "not a valid octal number")]
    [InlineData("s: ['a']", 3, "line 1:4", "not repeated and cannot take a [list]")]
    [InlineData("list { i: [1, 2 }", 16, "line 1:17", "expected ']' to close the list")]
    [InlineData("shape { dim { size: 1 }", 23, "line 1:24", "expected '}' to close TensorShapeProto")]
    [InlineData("shape ( }", 6, "line 1:7", "unexpected character '('")]
    [InlineData("shape: 5", 7, "line 1:8", "expected '{' or '<' to open field 'shape'")]
    [InlineData("i 5", 2, "line 1:3", "expected ':' after field name 'i'")]
    [InlineData("unknown 5", 8, "line 1:9", "expected ':' or '{' after a field name")]
    [InlineData("unknown { a: 1 ]", 15, "line 1:16", "expected '}'")]
    [InlineData("[ext { }", 5, "line 1:6", "followed by ']'")]
    [InlineData("{ i: 1 }", 0, "line 1:1", "expected a field name of AttrValue")]
    public void Errors_say_what_was_expected_and_where(string text, int offset, string position, string reason) =>
        TextFormatAssert.FailsAt(
            () =>
            {
                if (text.StartsWith("model_checkpoint_path", StringComparison.Ordinal))
                {
                    TextFormatParser.Parse<CheckpointState>(text, "x.pbtxt");
                }
                else
                {
                    TextFormatParser.Parse<AttrValue>(text, "x.pbtxt");
                }
            },
            "x.pbtxt",
            offset,
            position,
            reason);

    [Theory]
    [InlineData("i: -9223372036854775809", "out of range")]
    [InlineData("list { i: 9223372036854775808 }", "out of range")]
    public void Integers_are_range_checked_for_their_field_type(string text, string reason)
    {
        var error = Assert.Throws<CheckpointFormatException>(() => TextFormatParser.Parse<AttrValue>(text, "x.pbtxt"));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsigned_and_32_bit_fields_refuse_values_outside_their_type()
    {
        Assert.Contains("cannot be negative", Assert.Throws<CheckpointFormatException>(() => Parse<TensorProto>("uint32_val: -1")).Message, StringComparison.Ordinal);
        Assert.Contains("out of range", Assert.Throws<CheckpointFormatException>(() => Parse<TensorProto>("uint32_val: 4294967296")).Message, StringComparison.Ordinal);
        Assert.Contains("out of range", Assert.Throws<CheckpointFormatException>(() => Parse<TensorProto>("int_val: 2147483648")).Message, StringComparison.Ordinal);
        Assert.Contains("out of range", Assert.Throws<CheckpointFormatException>(() => Parse<TensorProto>("int_val: -2147483649")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimator_graph_pbtxt_parses_to_the_graph_the_meta_file_holds()
    {
        // graph.pbtxt and the .meta of the same Estimator run were written from one graph: the
        // text parser must produce exactly the nodes the binary parser reads.
        var text = TextFormatParser.Parse<GraphDef>(
            File.ReadAllText(FixturePaths.Get("tfx-taxi-estimator-2shard/graph.pbtxt"), Encoding.UTF8), "graph.pbtxt");
        var binary = MetaGraphDef.Parser.ParseFrom(File.ReadAllBytes(FixturePaths.Get("tfx-taxi-estimator-2shard/model.ckpt-10000.meta"))).GraphDef;

        Assert.True(text.Node.Count > 2000);
        Assert.Equal(binary.Versions, text.Versions);
        Assert.Equal(binary.Node.Select(n => n.Name), text.Node.Select(n => n.Name));
        Assert.Equal(binary.Node, text.Node);
    }

    private static T Parse<T>(string text)
        where T : IMessage<T>, new() => TextFormatParser.Parse<T>(text, "test.pbtxt");
}
