namespace CheckpointGen.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One consumer that tests rewrite before each build (one item, one program): it is
/// restored once, so each failing build costs only the build. The tests run one at a time.
/// </summary>
internal sealed class ScratchConsumer
{
    public ScratchConsumer(EndToEndWorkspace workspace) => Project = new ConsumerProject(workspace, "scratch");

    public ConsumerProject Project { get; }

    /// <summary>Builds a project with this one item and a program (by default one that dumps the item's class).</summary>
    public ProcessResult Build(CheckpointItem item, string? program = null)
    {
        Project.WriteProject(new ProjectSpec(new[] { item }));
        Project.WriteProgram(program ?? ConsumerProgram.Dump(new[] { item }));
        return Project.Build();
    }

    /// <summary>A writable copy of the two-shard checkpoint in a folder of the project; returns its prefix.</summary>
    public string CopyTwoShard(string folder)
    {
        var destination = Project.PathOf(folder);
        Fixtures.CopyFiles(Path.GetDirectoryName(Fixtures.TwoShardPrefix)!, "model.ckpt-10000.", destination);
        return Path.Combine(destination, "model.ckpt-10000");
    }
}
