using CheckpointGen.Contracts;
using CheckpointGen.Planning.Items;
using CheckpointGen.Planning.Selection;

namespace CheckpointGen.Planning.Tests.Items;

/// <summary>One owner for the item's metadata: defaults, spellings and the one identifier rule (keywords included).</summary>
public sealed class ItemSettingsTests
{
    [Fact]
    public void Defaults_come_from_the_item_and_the_root_namespace()
    {
        var settings = Resolve(new ItemMetadata(), itemSpec: "models/half_plus_two/00000123", rootNamespace: "Acme");

        Assert.NotNull(settings.Settings);
        Assert.Equal(("HalfPlusTwo", "Acme", "public", "Embedded", KeepPolicy.Model, true),
            (settings.Settings!.ClassName, settings.Settings.Namespace, settings.Settings.Access, settings.Settings.Mode, settings.Settings.Keep, settings.Settings.CopyToOutput));
    }

    [Fact]
    public void Values_are_case_insensitive_and_come_out_canonical()
    {
        var settings = Resolve(new ItemMetadata(Access: "INTERNAL", Mode: "lazy", Keep: "trainable", CopyToOutput: "False")).Settings!;

        Assert.Equal(("internal", "Lazy", KeepPolicy.Trainable, false), (settings.Access, settings.Mode, settings.Keep, settings.CopyToOutput));
    }

    [Theory]
    [InlineData("ClassName", "1Model", "ClassName=\"1Model\" is not a C# identifier")]
    [InlineData("ClassName", "class", "ClassName=\"class\" is the C# keyword 'class'")]
    [InlineData("ClassName", "record", "ClassName=\"record\" is the C# keyword 'record'")]
    [InlineData("ClassName", "model", "ClassName=\"model\" is all lower-case ASCII letters")]
    [InlineData("ClassName", "My-Model", "ClassName=\"My-Model\" is not a C# identifier")]
    [InlineData("Namespace", "Acme.event", "Namespace=\"Acme.event\" is not a C# namespace: its part 'event' is the C# keyword 'event'")]
    [InlineData("Namespace", "Acme.global", "Namespace=\"Acme.global\" is not a C# namespace: its part 'global' is the C# keyword 'global'")]
    [InlineData("Namespace", "My..Models", "Namespace=\"My..Models\" is not a C# namespace: its part '' is not a C# identifier")]
    [InlineData("Access", "private", "Access=\"private\" must be public or internal")]
    [InlineData("Mode", "Eager", "Mode=\"Eager\" must be Embedded or Lazy")]
    [InlineData("Keep", "Some", "Keep=\"Some\" must be Model, Trainable or All")]
    [InlineData("CopyToOutput", "yes", "CopyToOutput=\"yes\" must be true or false")]
    [InlineData("Rename", "dense/kernel", "Rename entry \"dense/kernel\" must be NAME=Identifier")]
    [InlineData("Rename", "dense/kernel=int", "Rename entry \"dense/kernel=int\" must be NAME=Identifier")]
    [InlineData("Rename", "a=A;a=B", "Rename names 'a' twice")]
    public void Bad_values_are_CG1005_with_the_value_and_the_rule(string name, string value, string message)
    {
        var values = new ItemMetadata().Values();
        values[Array.IndexOf(ItemMetadata.Names, name)] = value;

        var (settings, problems) = Resolve(ItemMetadata.FromValues(values));

        Assert.Null(settings);
        var problem = Assert.Single(problems);
        Assert.Equal((PlanSeverity.Error, PlanDiagnostic.BadMetadata), (problem.Severity, problem.Code));
        Assert.StartsWith(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ASCII_names_are_identifiers()
    {
        var settings = Resolve(new ItemMetadata(ClassName: "Modèle", Namespace: "Société.数据")).Settings;

        Assert.NotNull(settings);
    }

    private static (ItemSettings? Settings, List<PlanDiagnostic> Problems) Resolve(ItemMetadata metadata, string itemSpec = "models/m", string rootNamespace = "")
    {
        var problems = new List<PlanDiagnostic>();
        var settings = ItemSettings.Resolve(new BuildRequest(itemSpec, "/p/" + itemSpec, "/p/P.csproj", "/p", "/p/obj", rootNamespace, metadata), problems);
        return (settings, problems);
    }
}
