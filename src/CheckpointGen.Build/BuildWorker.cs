using System.Text.RegularExpressions;
using CheckpointGen.Contracts;
using CheckpointGen.Manifest;
using CheckpointGen.Runtime;

namespace CheckpointGen.Build;

/// <summary>Runs every item of a request and writes the output index.</summary>
internal static class BuildWorker
{
    private static readonly Regex Identifier = new(@"^[\p{L}_][\p{L}\p{Nd}_]*$", RegexOptions.CultureInvariant);

    public static int Run(IReadOnlyList<WorkerItem> requests, string indexPath, TextWriter output, WorkerSession? session = null)
    {
        session ??= new WorkerSession(designTime: false);
        var index = new OutputIndex();
        var ok = true;
        var classes = session.Classes;
        foreach (var raw in requests)
        {
            var request = Normalize(raw);
            if (!Validate(request, output))
            {
                ok = false;
                continue;
            }
            var fullName = request.Namespace + "." + request.ClassName;
            if (!classes.Add(fullName))
            {
                BuildDiagnostics.Error(output, request.FullPath, BuildDiagnostics.DuplicateClass,
                    $"another <Checkpoint> item already generates the class {fullName}; set ClassName to tell them apart");
                ok = false;
                continue;
            }
            ok &= RunOne(request, index, output, session);
        }
        if (ok)
        {
            AtomicFile.WriteText(indexPath, index.Write());
        }
        return ok ? 0 : 1;
    }

    private static bool RunOne(WorkerItem request, OutputIndex index, TextWriter output, WorkerSession session)
    {
        var origin = request.FullPath;
        try
        {
            using var checkpoint = Checkpoint.Open(request.FullPath, new CheckpointOpenOptions { Checksums = ChecksumPolicy.FirstRead });
            origin = checkpoint.Location.Format == CheckpointFormat.V2 ? checkpoint.Location.IndexPath : checkpoint.Files[0];
            foreach (var warning in checkpoint.Warnings)
            {
                BuildDiagnostics.Warning(output, origin, BuildDiagnostics.GraphUnreadable, warning);
            }
            if (string.Equals(request.Keep, "Trainable", StringComparison.OrdinalIgnoreCase)
                && !checkpoint.Variables.Any(v => v.Kind == VariableKind.Trainable))
            {
                BuildDiagnostics.Error(output, origin, BuildDiagnostics.NoTrainability,
                    "Keep=\"Trainable\" needs a meta graph or SavedModel that marks trainable variables, and this checkpoint has none; use Keep=\"Model\"");
                return false;
            }
            var filter = VariableFilter.Create(request.Keep, request.IncludeVariables, request.ExcludeVariables);
            var kept = checkpoint.Variables.Where(filter.Keeps).ToList();
            var unsupported = kept.Where(v => !TensorDataTypes.IsFixedSize(v.DataType) && v.DataType != TensorDataType.String).ToList();
            if (unsupported.Count > 0)
            {
                BuildDiagnostics.Error(output, origin, BuildDiagnostics.UnsupportedDType,
                    $"'{unsupported[0].Name}' is {TensorDataTypes.Name(unsupported[0].DataType)}, which has no stored value to generate an accessor for; exclude it with ExcludeVariables");
                return false;
            }
            if (kept.Count == 0)
            {
                BuildDiagnostics.Warning(output, origin, BuildDiagnostics.NothingKept,
                    $"Keep=\"{request.Keep}\" and the variable filters select none of the {checkpoint.Variables.Count} variables");
            }
            if (request.Mode == CheckpointManifest.EmbeddedMode && !session.Embedded.Admit(kept, origin, output))
            {
                return false;
            }
            var manifest = ManifestBuilder.Build(request, checkpoint, kept, index, session.DesignTime);
            var manifestPath = Path.Combine(request.OutputDirectory, request.ClassName + ".cgmanifest");
            AtomicFile.WriteText(manifestPath, ManifestFormat.Write(manifest));
            index.Plans.Add(manifestPath);
            foreach (var file in checkpoint.Files.Where(File.Exists).Append(checkpoint.Location.GraphPath).OfType<string>())
            {
                index.Inputs.Add(file);
            }
            var stateFile = Path.Combine(request.FullPath, CheckpointStateFile.DefaultName);
            if (Directory.Exists(request.FullPath) && File.Exists(stateFile))
            {
                index.Inputs.Add(stateFile);
            }
            return true;
        }
        catch (CheckpointChecksumException e)
        {
            BuildDiagnostics.Error(output, e.FilePath ?? origin, BuildDiagnostics.ChecksumMismatch, e.Message);
        }
        catch (CheckpointNotFoundException e)
        {
            BuildDiagnostics.Error(output, e.FilePath ?? origin, BuildDiagnostics.NotFound, e.Message);
        }
        catch (CheckpointException e)
        {
            BuildDiagnostics.Error(output, e.FilePath ?? origin, BuildDiagnostics.Corrupt, e.Message);
        }
        return false;
    }

    /// <summary>Metadata values are case-insensitive, as MSBuild users expect.</summary>
    internal static WorkerItem Normalize(WorkerItem r) => r with
    {
        ClassName = r.ClassName.Trim().Length > 0 ? r.ClassName.Trim() : DefaultClassName(r.ItemSpec),
        Access = r.Access.Trim().ToLowerInvariant(),
        Mode = Canonical(r.Mode, CheckpointManifest.EmbeddedMode, CheckpointManifest.LazyMode),
        Keep = Canonical(r.Keep, VariableFilter.KeepValues),
    };

    /// <summary>
    /// The item's file or folder name, PascalCased, without checkpoint suffixes; a SavedModel's
    /// numeric version folder gives way to its parent (<c>half_plus_two/00000123</c> → <c>HalfPlusTwo</c>).
    /// </summary>
    internal static string DefaultClassName(string itemSpec)
    {
        var parts = itemSpec.Replace('\\', '/').Split('/').Where(p => p.Length > 0 && p != "." && p != "..").ToList();
        var name = parts.Count > 0 ? parts[parts.Count - 1] : "Checkpoint";
        foreach (var suffix in new[] { ".index", ".meta" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - suffix.Length);
            }
        }
        if (name.All(char.IsDigit) && parts.Count > 1)
        {
            name = parts[parts.Count - 2];
        }
        return Identifiers.ToPascal(name);
    }

    private static string Canonical(string value, params string[] known) =>
        known.FirstOrDefault(k => string.Equals(k, value.Trim(), StringComparison.OrdinalIgnoreCase)) ?? value;

    private static bool Validate(WorkerItem r, TextWriter output)
    {
        if (Problem(r) is not { } problem)
        {
            return true;
        }
        BuildDiagnostics.Error(output, r.FullPath, BuildDiagnostics.BadMetadata, problem);
        return false;
    }

    /// <summary>What is wrong with a normalized request's metadata, or null.</summary>
    internal static string? Problem(WorkerItem r)
    {
        string? problem = null;
        if (!Identifier.IsMatch(r.ClassName))
        {
            problem = $"ClassName=\"{r.ClassName}\" is not a C# identifier";
        }
        else if (r.Namespace.Length > 0 && !r.Namespace.Split('.').All(Identifier.IsMatch))
        {
            problem = $"Namespace=\"{r.Namespace}\" is not a C# namespace";
        }
        else if (r.Access is not ("public" or "internal"))
        {
            problem = $"Access=\"{r.Access}\" must be public or internal";
        }
        else if (r.Mode is not (CheckpointManifest.EmbeddedMode or CheckpointManifest.LazyMode))
        {
            problem = $"Mode=\"{r.Mode}\" must be Embedded or Lazy";
        }
        else if (!VariableFilter.KeepValues.Contains(r.Keep))
        {
            problem = $"Keep=\"{r.Keep}\" must be Model, Trainable or All";
        }
        return problem;
    }
}
