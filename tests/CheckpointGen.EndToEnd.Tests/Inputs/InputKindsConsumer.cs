using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Inputs;

/// <summary>
/// One consumer with every kind of input in both modes: a two-shard prefix, a folder whose
/// `checkpoint` state file picks the step, and a SavedModel folder, each as an Embedded and a
/// Lazy class, and one item that leaves the class name to the package. Built once; the tests
/// run it with different arguments.
/// </summary>
internal sealed class InputKindsConsumer
{
    public static readonly CheckpointItem[] Items =
    {
        new(Fixtures.TwoShardPrefix, "TwoShard"),
        new(Fixtures.TwoShardPrefix, "TwoShardLazy") { Mode = "Lazy" },
        new(Fixtures.FiveStepsFolder + "/", "FiveSteps"),
        new(Fixtures.FiveStepsFolder + "/", "FiveStepsLazy") { Mode = "Lazy" },
        new(Fixtures.KerasSavedModel, "Keras"),
        new(Fixtures.KerasSavedModel, "KerasLazy") { Mode = "Lazy" },
        new(Fixtures.KerasSavedModel, "TfxKerasSavedmodel") { DefaultClassName = true, Namespace = "E2E.Models" },
    };

    public InputKindsConsumer(EndToEndWorkspace workspace)
    {
        Project = new ConsumerProject(workspace, "inputs");
        Project.WriteDumpingProject(Items);
        Project.BuildSuccessfully();
        Compiled = Project.RunDump();
    }

    public ConsumerProject Project { get; }

    /// <summary>What every class holds as compiled (Embedded) or as copied beside the application (Lazy).</summary>
    public TensorDumpOutput Compiled { get; }
}
