using System.CommandLine;

namespace CheckpointGen.Tool.Commands;

/// <summary>Options several commands take, declared once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Write JSON for scripts instead of text." };

    /// <summary>Writes a command's result as JSON for scripts when <paramref name="json"/> is set, else as text for people.</summary>
    public static void Print(bool json, Action asJson, Action asText) => (json ? asJson : asText)();
}
