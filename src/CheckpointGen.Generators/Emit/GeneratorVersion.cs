namespace CheckpointGen.Generators.Emit;

/// <summary>The version the generated code's <c>GeneratedCode</c> attribute names.</summary>
internal static class GeneratorVersion
{
    public static readonly string Value = typeof(GeneratorVersion).Assembly.GetName().Version?.ToString() ?? "1.0.0.0";
}
