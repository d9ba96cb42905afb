using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Planning.Items;
using CheckpointGen.Planning.Layout;
using CheckpointGen.Planning.Naming;
using CheckpointGen.Planning.Programs;
using CheckpointGen.Planning.Selection;
using CheckpointGen.Planning.Storage;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Graphs;

namespace CheckpointGen.Planning;

/// <summary>What planning one item gave: the plan (null when an error stopped it) and what there is to say.</summary>
internal sealed record ItemPlan(CheckpointPlan? Plan, IReadOnlyList<PlanDiagnostic> Diagnostics)
{
    public bool Succeeded => Plan is not null && Diagnostics.All(d => d.Severity != PlanSeverity.Error);
}

/// <summary>
/// Plans one &lt;Checkpoint&gt; item: validates its metadata, opens the checkpoint, keeps the
/// variables its filters select, packs or verifies their bytes, and lays out the class. The build
/// worker runs it for each item of a build; <c>checkpointgen generate</c> runs it for its options,
/// so both get the same plan.
/// </summary>
internal static class ItemPlanner
{
    /// <param name="request">The item.</param>
    /// <param name="index">Receives the files written (weights, copies) and read; the caller adds the plan.</param>
    /// <param name="claimedClasses">Classes earlier items of the same build generate; this item's is added.</param>
    /// <param name="storage">Design-time or full, and the assembly's embedded budget; a full build of this item alone when null.</param>
    public static ItemPlan Run(BuildRequest request, OutputIndex index, ISet<string> claimedClasses, StorageOptions? storage = null)
    {
        storage ??= StorageOptions.Full();
        var diagnostics = new List<PlanDiagnostic>();
        if (ItemSettings.Resolve(request, diagnostics) is not { } settings)
        {
            return new ItemPlan(null, diagnostics);
        }
        if (!claimedClasses.Add(settings.FullClassName))
        {
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.DuplicateClass,
                $"another <Checkpoint> item already generates the class {settings.FullClassName}; set ClassName to tell them apart"));
            return new ItemPlan(null, diagnostics);
        }
        try
        {
            if (ProgramPlanner.IsFrozenGraph(request))
            {
                return ProgramPlanner.PlanFrozen(request, settings, index, diagnostics);
            }
            return Plan(request, settings, index, diagnostics, storage);
        }
        catch (CheckpointChecksumException e)
        {
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.ChecksumMismatch, WithFile(e)));
        }
        catch (CheckpointNotFoundException e)
        {
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.NotFound, WithFile(e)));
        }
        catch (CheckpointException e)
        {
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.Corrupt, WithFile(e)));
        }
        return new ItemPlan(null, diagnostics);
    }

    private static ItemPlan Plan(BuildRequest request, ItemSettings settings, OutputIndex index, List<PlanDiagnostic> diagnostics, StorageOptions options)
    {
        using var checkpoint = Checkpoint.Open(request.FullPath, new CheckpointOpenOptions { Checksums = ChecksumPolicy.FirstRead });
        diagnostics.AddRange(checkpoint.Warnings.Select(w => PlanDiagnostic.Warning(PlanDiagnostic.GraphUnreadable, w)));
        if (settings.Keep == KeepPolicy.Trainable && !checkpoint.Variables.Any(v => v.Kind == VariableKind.Trainable))
        {
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.NoTrainability,
                $"Keep=\"Trainable\" needs a meta graph or SavedModel that marks trainable variables, and {Describe(checkpoint)} has none; use Keep=\"Model\""));
            return new ItemPlan(null, diagnostics);
        }
        var filter = VariableFilter.Create(settings.Keep, settings.Include, settings.Exclude);
        var kept = checkpoint.Variables.Where(filter.Keeps).ToList();
        if (kept.FirstOrDefault(v => !DTypes.IsKnown(TensorDataTypes.Name(v.DataType))) is { } unsupported)
        {
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.UnsupportedDType,
                $"'{unsupported.Name}' is {TensorDataTypes.Name(unsupported.DataType)}, which has no stored value to generate an accessor for; exclude it with ExcludeVariables"));
            return new ItemPlan(null, diagnostics);
        }
        if (kept.Count == 0)
        {
            diagnostics.Add(PlanDiagnostic.Warning(PlanDiagnostic.NothingKept,
                $"Keep=\"{settings.Keep}\" and the variable filters select none of the {checkpoint.Variables.Count} variables of {Describe(checkpoint)}"));
        }
        if (settings.IsEmbedded && options.Embedded.Admit(kept) is { } size)
        {
            diagnostics.Add(size);
            if (size.Severity == PlanSeverity.Error)
            {
                return new ItemPlan(null, diagnostics);
            }
        }

        // Laid out before the weights are packed, so a bad Rename fails without writing anything.
        var unplaced = kept.Select(v => new PlanTensor(
            v.Name, v.VariableName ?? string.Empty, TensorDataTypes.Name(v.DataType), new EquatableArray<long>(v.Shape.ToArray()),
            -1, 0, string.Empty, string.Empty)).ToList();
        IReadOnlyDictionary<string, LayerPath> layers;
        try
        {
            layers = KerasLayerPaths.Find(checkpoint.Graph, kept.Select(v => v.Name));
        }
        catch (CheckpointFormatException e)
        {
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.KerasMetadataDamaged, WithFile(e)));
            return new ItemPlan(null, diagnostics);
        }
        var planned = ClassPlanner.Plan(settings, request.ItemSpec, string.Empty, string.Empty, unplaced, SignatureLayout.Read(checkpoint), layers);
        if (planned.UnusedRenames.Count > 0)
        {
            var entries = string.Join(";", planned.UnusedRenames.Select(r => r + "=" + settings.Renames[r]));
            diagnostics.Add(PlanDiagnostic.Error(PlanDiagnostic.BadMetadata,
                $"Rename=\"{entries}\" names what is no kept variable (give its key, its key without /.ATTRIBUTES/VARIABLE_VALUE, or its real name) nor scope (a path ending in '/')"));
            return new ItemPlan(null, diagnostics);
        }
        diagnostics.AddRange(planned.Notes.Select(n => PlanDiagnostic.Info(PlanDiagnostic.NamesResolved, n)));

        var storage = WeightPacker.Place(settings, request.ProjectDirectory, request.OutputDirectory, settings.CopyToOutput, checkpoint, kept, index, options.DesignTime);
        var plan = planned.Plan with
        {
            ResourceName = storage.ResourceName,
            LazyPath = storage.LazyPath,
            Tensors = new EquatableArray<PlanTensor>(planned.Plan.Tensors.Select((t, i) => t with { Offset = storage.Offsets[i], ByteLength = storage.Sizes[i] }).ToArray()),
        };
        if (ProgramPlanner.AddPrograms(plan, request, checkpoint, diagnostics) is not { } withPrograms)
        {
            return new ItemPlan(null, diagnostics);
        }
        index.Inputs.AddRange(checkpoint.Files.Where(File.Exists).Append(checkpoint.Location.GraphPath).OfType<string>());
        if (checkpoint.Graph is { } graph && KerasObjects.MetadataFile(graph) is { } kerasMetadata)
        {
            index.Inputs.Add(kerasMetadata);
        }
        var stateFile = Path.Combine(request.FullPath, CheckpointStateFile.DefaultName);
        if (Directory.Exists(request.FullPath) && File.Exists(stateFile))
        {
            index.Inputs.Add(stateFile);
        }
        return new ItemPlan(withPrograms, diagnostics);
    }

    /// <summary>The message with the file it is about: the diagnostic itself points at the project file.</summary>
    private static string WithFile(CheckpointException e) =>
        e.FilePath is { } file && !e.Message.Contains(file, StringComparison.Ordinal) ? $"{file}: {e.Message}" : e.Message;

    private static string Describe(Checkpoint checkpoint) =>
        checkpoint.Location.Format == CheckpointFormat.V2 ? checkpoint.Location.IndexPath : checkpoint.Files[0];
}
