using CheckpointGen.Contracts;
using CheckpointGen.Contracts.Plan;
using CheckpointGen.Generators.Emit;

namespace CheckpointGen.Generators;

/// <summary>
/// The generator's printer for callers outside the compiler (<c>checkpointgen generate</c>): the
/// same code a build generates from the same plan. Uses nothing from Roslyn, so callers need not
/// ship it.
/// </summary>
public static class GeneratedSource
{
    /// <summary>
    /// The C# for the plan in <paramref name="planText"/>, for a consumer with <c>System.Half</c>
    /// and nullable reference types (.NET 5 and later).
    /// </summary>
    /// <param name="planText">A plan file's text.</param>
    /// <param name="planPath">The plan file, for messages.</param>
    /// <exception cref="InvalidDataException">The text is not a plan this generator can print.</exception>
    public static string FromPlan(string planText, string planPath)
    {
        CheckpointPlan plan;
        try
        {
            plan = PlanFormat.Read(planText, planPath);
        }
        catch (ContractFormatException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        return PlanPrinter.Print(plan, hasHalf: true, GeneratorVersion.Value, nullable: true);
    }
}
