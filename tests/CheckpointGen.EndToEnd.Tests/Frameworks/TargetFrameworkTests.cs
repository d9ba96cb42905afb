using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Frameworks;

/// <summary>
/// Every target framework behaves the same: float16 and bfloat16 weights compile to the element
/// types of the runtime build each app deploys and read back TensorFlow's values, and what a
/// runtime build lacks is a build error, not a run-time surprise.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TargetFrameworkTests
{
    private static readonly string[] Values =
    {
        "h 1.5 -2 0.25",
        "bf 3.5 -0.125",
        "h-bits 3e00 c000 3400",
        "bf-bits 4060 be00",
    };

    private readonly EndToEndWorkspace _workspace;
    private readonly HalfPrecisionConsumers _consumers;

    public TargetFrameworkTests(EndToEndWorkspace workspace)
    {
        _workspace = workspace;
        _consumers = workspace.Shared(w => new HalfPrecisionConsumers(w));
    }

    [Fact]
    public void A_net8_app_reads_float16_as_Half_and_tensor_spans_and_deploys_the_net8_runtime_build()
    {
        AssertReads(_consumers.Net8, ".NETCoreApp,Version=v8.0");
    }

    [Fact]
    public void A_net10_app_reads_float16_as_Half_and_deploys_the_net10_runtime_build()
    {
        AssertReads(_consumers.Net10, ".NETCoreApp,Version=v10.0");
    }

    [Fact]
    public void A_netstandard2_0_library_reads_raw_bits_under_the_net10_runtime_build_of_its_app()
    {
        var run = _consumers.LibraryAppRun;

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(Values.Append("runtime .NETCoreApp,Version=v10.0"), run.OutputLines);
        Assert.True(File.Exists(Path.Combine(_consumers.Library.OutputDirectory, "Lib.dll")));
    }

    [Fact]
    public void Half_where_the_runtime_build_has_none_is_a_build_error()
    {
        // net6.0 has System.Half, but the runtime build it gets is netstandard2.0's.
        var project = new ConsumerProject(_workspace, "frameworks/App-net6.0", "App", withTensorDump: false, targetFramework: "net6.0");
        project.WriteProject(new ProjectSpec(new[] { new CheckpointItem(_consumers.Prefix, HalfPrecisionConsumers.ClassName) })
        {
            Properties = new Dictionary<string, string> { ["CheckEolTargetFramework"] = "false" },
        });
        project.WriteProgram("""
            using E2E;

            ReadOnlySpan<ushort> bits = HalfModel.Embedded.H.Span;
            Console.WriteLine(bits.Length);
            Console.WriteLine(HalfModel.Embedded.Get<Half>("h").Length);

            """);

        var build = project.Build();

        var error = BuildDiagnostic.SingleError(build, "CG3004");
        Assert.DoesNotContain(BuildDiagnostic.Parse(build), d => d.Severity == "error" && d.Code != "CG3004");
        Assert.EndsWith("Program.cs", error.Origin, StringComparison.Ordinal);
        Assert.Contains("'h' is float16, but the CheckpointGen.Runtime build this project compiles against (netstandard2.0) reads it as raw bits; read it as ushort", error.Message, StringComparison.Ordinal);
    }

    private static void AssertReads(HalfPrecisionConsumers.Consumer app, string runtimeBuild)
    {
        Assert.True(app.Build.Succeeded, app.Build.ToString());
        Assert.True(app.Run.Succeeded, app.Run.ToString());
        Assert.Equal(
            new[] { Values[0], "h-by-name 1.5 -2 0.25" }.Concat(Values.Skip(1)).Append("tensor-span 1 3 0.25").Append("runtime " + runtimeBuild),
            app.Run.OutputLines);
    }
}
