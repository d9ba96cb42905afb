namespace CheckpointGen.Contracts;

/// <summary>
/// Where one &lt;Checkpoint&gt; item's files live: a folder of its own under the project's
/// CheckpointGen output folder, holding its request, its output index, its plan and its packed
/// weights. One folder per item lets the build re-plan exactly the items that changed (each has
/// its own inputs and outputs) and keeps two items from ever writing the same file. The task
/// names the folder and the worker writes into it, so both take the names from here.
/// </summary>
internal static class ItemLayout
{
    /// <summary>The item's request (one item, <see cref="BuildRequestFormat"/>), rewritten only when it changes.</summary>
    public const string RequestFileName = "checkpointgen.request";

    /// <summary>The output index of a full build: plans, packed weights, copies, inputs.</summary>
    public const string OutputIndexFileName = "checkpointgen.outputs";

    /// <summary>
    /// The output index of an IDE's design-time build, which plans without packing weights or
    /// reading tensors. A full build writes it too, so design-time builds after it do nothing.
    /// </summary>
    public const string DesignTimeOutputIndexFileName = "checkpointgen.designtime.outputs";

    /// <summary>The output index beside a request file.</summary>
    public static string OutputIndexFor(string requestFile, bool designTime) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(requestFile))!, designTime ? DesignTimeOutputIndexFileName : OutputIndexFileName);
}
