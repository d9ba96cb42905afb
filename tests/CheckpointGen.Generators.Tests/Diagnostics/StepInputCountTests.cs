using System.Globalization;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Generators.Tests.Infrastructure;

namespace CheckpointGen.Generators.Tests.Diagnostics;

/// <summary>
/// A step with more or fewer inputs than its kernel takes is CG2001 naming the program and the
/// step, for every kernel, never a printer that indexes past the step's inputs.
/// </summary>
public sealed class StepInputCountTests
{
    private const string Head = "checkpointgen-plan\t4\nclass\tModel\tModels\tpublic\tLazy\nsource\tm\nstorage\t\tm\n";
    private const int Values = 6;

    /// <summary>Every kernel with one input fewer than it takes and one more (where it has a fewest or a most).</summary>
    public static TheoryData<string, int> Mutations()
    {
        var data = new TheoryData<string, int>();
        foreach (var kernel in ProgramKernels.All)
        {
            var (min, max) = ProgramKernels.InputRange(kernel);
            if (min > 0)
            {
                data.Add(kernel, min - 1);
            }
            if (max < Values)
            {
                data.Add(kernel, max + 1);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_step_with_the_wrong_input_count_is_CG2001_naming_program_and_step(string kernel, int inputs)
    {
        var (min, max) = ProgramKernels.InputRange(kernel);
        // Every attribute "1": a Concat of one chunk, a Logical that is not Not (two inputs).
        var run = Generate(Step(kernel, inputs, ProgramKernels.AttributesOf(kernel).Select(_ => "1")));

        var message = Reason(run);
        var takes = min == max ? $"{min}" : max == int.MaxValue ? $"{min} or more" : $"{min} to {max}";
        Assert.Equal($"program 'Predict' step 1 ({kernel}) has {inputs} input(s); {kernel} takes {takes}", message);
    }

    [Theory]
    [InlineData("Concat", "1,2", 1, "Concat with its attributes (chunks '1,2') takes 2")]
    [InlineData("Concat", "3", 2, "Concat with its attributes (chunks '3') takes 1")]
    [InlineData("Logical", "And", 1, "Logical with its attributes (op 'And', a 'same', b 'same', inner '1') takes 2")]
    [InlineData("Logical", "Not", 2, "Logical with its attributes (op 'Not', a 'same', b 'same', inner '1') takes 1")]
    public void Attributes_that_fix_the_count_are_checked(string kernel, string first, int inputs, string expected)
    {
        var attributes = kernel == "Concat" ? new[] { first } : new[] { first, "same", "same", "1" };

        var message = Reason(Generate(Step(kernel, inputs, attributes)));

        Assert.Equal($"program 'Predict' step 1 ({kernel}) has {inputs} input(s); {expected}", message);
    }

    [Fact]
    public void The_counts_the_compiler_writes_read_back()
    {
        // y = relu(x) by the one Unary input, then a Concat of two chunks and a Logical Not: all within their rows.
        var plan = Head + "program\tPredict\t\n" + string.Concat(Enumerable.Range(0, Values).Select(Value))
            + "step\tUnary\t1\t0\tRelu\t0\nstep\tConcat\t2\t0,1\t1,1\nstep\tLogical\t3\t4\tNot\tsame\tsame\t1\n";

        var run = Generate(plan);

        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG2001");
    }

    /// <summary>A program of <see cref="Values"/> literal values, a first valid step and then the step under test (step 1).</summary>
    private static string Step(string kernel, int inputs, IEnumerable<string> attributes) =>
        Head + "program\tPredict\t\n" + string.Concat(Enumerable.Range(0, Values).Select(Value))
        + "step\tCopy\t1\t0\n"
        + string.Join("\t", new[] { "step", kernel, "0", string.Join(",", Enumerable.Range(0, inputs)) }.Concat(attributes)) + "\n";

    private static string Value(int id) => string.Create(CultureInfo.InvariantCulture, $"value\t{id}\tfloat32\t1\tliteral\t1\n");

    private static GeneratorRun Generate(string plan) =>
        GeneratorHarness.Run(GeneratorHarness.Compilation("class User { }"), TestAdditionalText.Plan(plan)).AssertNoCrash();

    /// <summary>The reason of the one CG2001 the run reports.</summary>
    private static string Reason(GeneratorRun run)
    {
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CG2001", diagnostic.Id);
        var text = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        const string Unreadable = " is unreadable: ";
        var start = text.IndexOf(Unreadable, StringComparison.Ordinal) + Unreadable.Length;
        return text.Substring(start, text.IndexOf("; rebuild", start, StringComparison.Ordinal) - start);
    }
}
