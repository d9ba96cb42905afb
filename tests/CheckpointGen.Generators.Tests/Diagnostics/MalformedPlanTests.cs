using System.Globalization;
using CheckpointGen.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CheckpointGen.Generators.Tests.Diagnostics;

/// <summary>
/// A plan the generator cannot print (truncated, hand-edited, from another version) is one CG2001
/// error located at the plan file and line, with the reason; the generator never throws and emits
/// nothing for it, and other plans still generate.
/// </summary>
public sealed class MalformedPlanTests
{
    private const string Head = "checkpointgen-plan\t4\nclass\tModel\tModels\tpublic\tLazy\nsource\tm\nstorage\t\tm\n";

    [Theory]
    [InlineData("", 1, "expected the header 'checkpointgen-plan<TAB>4', found ''")]
    [InlineData("\0\u0001\u0002binary\u00ff", 1, "expected the header 'checkpointgen-plan<TAB>4', found '\0\u0001\u0002binary\u00ff'")]
    [InlineData("checkpointgen-manifest\t1\nclass\tModel\n", 1, "expected the header 'checkpointgen-plan<TAB>4', found 'checkpointgen-manifest\t1'")]
    [InlineData("checkpointgen-plan\t1\n", 1, "expected the header 'checkpointgen-plan<TAB>4', found 'checkpointgen-plan\t1'")]
    [InlineData("checkpointgen-plan\t4\n", 2, "expected 'class', found the end of the file")]
    [InlineData("checkpointgen-plan\t4\nclass\tModel\tModels\tpublic\tEager\n", 2, "mode must be Embedded or Lazy, found 'Eager'")]
    [InlineData("checkpointgen-plan\t4\nclass\tModel\tModels\n", 2, "'class' needs 4 field(s) after it, found 2")]
    [InlineData(Head + "tensor\tw\t\tfloat32\t4\n", 5, "'tensor' needs 8 field(s) after it, found 4")]
    [InlineData(Head + "tensor\tw\t\tfloat32\t4,x\t-1\t16\tW\tW\n", 5, "field 4 of 'tensor' must be comma-separated integers, found '4,x'")]
    [InlineData(Head + "tensor\tw\t\tfloat32\t4\t-1\t99999999999999999999\tW\tW\n", 5, "field 6 of 'tensor' must be an integer, found '99999999999999999999'")]
    [InlineData(Head + "tensor\tw\t\tfloat99\t4\t-1\t16\tW\tW\n", 5, "tensor 'w' has the unknown dtype 'float99'")]
    [InlineData(Head + "tensor\tw\t\tfloat32\t-4\t-1\t16\tW\tW\n", 5, "tensor 'w' has a negative dimension or size, or an offset its mode does not allow")]
    [InlineData(Head + "member\t3\tW\t-1\t0\n", 5, "member 'W' belongs to type 3, which no earlier record declares")]
    [InlineData(Head + "member\t0\tW\t-1\t5\n", 5, "member 'W' reads tensor 5, and the plan has 0")]
    [InlineData(Head + "type\t1\tA_Scope\ta\t0\t1\nmember\t1\tB\t1\t0\n", 6, "member 'B' returns type 1, which is not a struct declared before type 1")]
    [InlineData(Head + "type\t2\tA_Scope\ta\t0\t1\n", 5, "type ids count up from 1; expected 1, found 2")]
    [InlineData(Head + "input\tx\tx:0\tfloat32\t-1,3\tX\n", 5, "'input' before any 'signature'")]
    [InlineData(Head + "graph\tnode\n", 5, "unknown record 'graph'; expected type, member, tensor, signature, input, output or program")]
    [InlineData(Head + "\ntype\t1\tA_Scope\ta\t0\t1\n", 5, "an empty line")]
    [InlineData(Head + "source\tw\\q\n", 5, "unknown escape '\\q'")]
    [InlineData(Head + "program\tPredict\t\nslot\t0\tfloat64\t4\t0\n", 6, "dtype 'float64' is not one a program computes with (float32, int32, int64, bool, string)")]
    [InlineData(Head + "program\tPredict\t\nslot\t0\tstring\t4\t0\n", 6, "a slot cannot be of dtype string; only parameters are")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tstring\t1\tliteral\tx\n", 6, "a literal value cannot be of dtype string; only parameters are")]
    [InlineData(Head + "program\tPredict\t\nparam\te\te\tstring\t-1\t0\te\nvalue\t0\tstring\t-1\tparam\t0\nvalue\t1\tfloat32\t-1\tparam\t0\nstep\tParseExample\t1\t0\t*notbase64\n", 9, "a ParseExample step reads the string parameter and optionally a default, writes float32 or int64, and has a base64 key")]
    [InlineData(Head + "program\tPredict\t\nparam\te\te\tstring\t-1\t0\te\nvalue\t0\tstring\t-1\tparam\t0\nstep\tParseExample\t0\t0\teA==\n", 8, "a ParseExample step reads the string parameter and optionally a default, writes float32 or int64, and has a base64 key")]
    [InlineData("checkpointgen-plan\t3\n", 1, "expected the header 'checkpointgen-plan<TAB>4', found 'checkpointgen-plan\t3'")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tint32\t2\tliteral\t1,x\n", 6, "value 0: the literal '1,x' is not a comma-separated list of int32 values")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tbool\t1\tliteral\t2\n", 6, "value 0: the literal '2' is not a comma-separated list of bool values")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tbool\t1\tliteral\t1\nvalue\t1\tfloat32\t1\tliteral\t1\nloop\tw\n", 5, "program 'Predict' ends inside a 'loop'")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tbool\t1\tliteral\t1\nvalue\t1\tfloat32\t1\tliteral\t1\nloop\tw\nend\n", 9, "a loop with no 'break'")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tbool\t1\tliteral\t1\nvalue\t1\tfloat32\t1\tliteral\t1\nbreak\t0\n", 8, "'break' outside a loop (or inside a branch of it)")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tbool\t1\tliteral\t1\nvalue\t1\tfloat32\t1\tliteral\t1\nloop\tw\nbreak\t1\n", 9, "'break' tests value 1, which is not a one-element bool declared before it")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tbool\t1\tliteral\t1\nvalue\t1\tfloat32\t1\tliteral\t1\nif\t2\tc\n", 8, "'if' tests value 2, which is not a one-element bool declared before it")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tbool\t1\tliteral\t1\nvalue\t1\tfloat32\t1\tliteral\t1\nif\t0\tc\nelse\nelse\n", 10, "'else' outside a branch, or a second one")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tbool\t1\tliteral\t1\nvalue\t1\tfloat32\t1\tliteral\t1\nend\n", 8, "'end' with no loop or branch open")]
    [InlineData(Head + "program\tPredict\t\nvalue\t0\tbool\t1\tliteral\t1\nvalue\t1\tfloat32\t1\tliteral\t1\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\nloop\tw\n", 24, "loops and branches nested deeper than 16")]
    public void Reports_CG2001_at_the_line_and_generates_nothing(string text, int line, string reason)
    {
        var plan = TestAdditionalText.Plan(text);

        var run = GeneratorHarness.Run(GeneratorHarness.Compilation("class User { }"), plan).AssertNoCrash();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CG2001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            $"The checkpoint plan '{plan.Path}' written by the build is unreadable: {reason}; rebuild to regenerate it (a plan from another CheckpointGen version needs the matching generator)",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
        var location = diagnostic.Location.GetLineSpan();
        Assert.Equal(plan.Path, location.Path);
        Assert.Equal(line - 1, location.StartLinePosition.Line);
        Assert.Empty(run.Single.GeneratedSources);
    }

    [Fact]
    public void An_unreadable_file_reports_CG2001()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compilation(), new TestAdditionalText("/project/obj/Model.cgplan", null)).AssertNoCrash();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Contains("the file could not be read", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("/project/obj/Model.cgplan", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void A_bad_plan_does_not_stop_the_others()
    {
        var good = TestAdditionalText.Plan(new TestPlan("Good").Tensor("w").Text(), "Good");
        var bad = TestAdditionalText.Plan("garbage", "Bad");

        var run = GeneratorHarness.Run(GeneratorHarness.Compilation(), good, bad).AssertNoCrash().AssertCompilesCleanly();

        Assert.Equal("CG2001", Assert.Single(run.Diagnostics).Id);
        Assert.Equal("Models.Good.g.cs", Assert.Single(run.Single.GeneratedSources).HintName);
    }

    [Fact]
    public void A_plan_with_no_tensors_generates_a_class_that_compiles()
    {
        var run = GeneratorHarness.Generate(new TestPlan().Text()).AssertNoCrash().AssertCompilesCleanly();

        Assert.Empty(run.Diagnostics);
        Assert.NotNull(run.Compilation.GetTypeByMetadataName("Models.Model"));
    }
}
