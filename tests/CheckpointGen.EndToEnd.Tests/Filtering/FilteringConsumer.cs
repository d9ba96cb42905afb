using CheckpointGen.EndToEnd.Tests.Infrastructure;

namespace CheckpointGen.EndToEnd.Tests.Filtering;

/// <summary>
/// One consumer with a class per Keep setting and name filter, built once. KerasCheckpoint is
/// the Keras model's variables/ files alone: without the SavedModel nothing records which
/// variables are trainable, so its weights are of kind Model.
/// </summary>
internal sealed class FilteringConsumer
{
    public const string KerasCheckpointPrefix = "models/keras-checkpoint/variables";

    public static readonly CheckpointItem[] Items =
    {
        new(Fixtures.TwoShardPrefix, "TwoShardModel") { Keep = "model" },
        new(Fixtures.TwoShardPrefix, "TwoShardTrainable") { Keep = "Trainable" },
        new(Fixtures.TwoShardPrefix, "TwoShardAll") { Keep = "All" },
        new(Fixtures.KerasSavedModel, "KerasTrainable") { Keep = "Trainable" },
        new(Fixtures.KerasSavedModel, "KerasAll") { Keep = "All" },
        new(KerasCheckpointPrefix, "KerasCheckpoint"),
        new(Fixtures.TwoShardPrefix, "DnnBiases") { IncludeVariables = "dnn/**", ExcludeVariables = "**/kernel" },
        new(Fixtures.TwoShardPrefix, "HiddenKernels") { IncludeVariables = "dnn/hiddenlayer_?/*;!**/bias" },
        new(Fixtures.TwoShardPrefix, "AdagradSlots") { Keep = "All", IncludeVariables = "**/Adagrad" },
        new(Fixtures.KerasSavedModel, "FirstDense") { IncludeVariables = "dense/*" },
    };

    public FilteringConsumer(EndToEndWorkspace workspace)
    {
        Project = new ConsumerProject(workspace, "filtering");
        Fixtures.CopyFiles(Path.Combine(Fixtures.KerasSavedModel, "variables"), "variables.", Path.GetDirectoryName(Project.PathOf(KerasCheckpointPrefix))!);
        // Keep="All" brings TF1 slots (dnn/.../bias/Adagrad beside dnn/.../bias) and Keras
        // metrics that share real names; neither is a name clash, so this builds warning-free.
        Project.WriteProject(new ProjectSpec(Items));
        Project.WriteProgram(ConsumerProgram.Dump(Items));
        Project.BuildSuccessfully();
        Output = Project.RunDump();
    }

    public ConsumerProject Project { get; }

    public TensorDumpOutput Output { get; }
}
