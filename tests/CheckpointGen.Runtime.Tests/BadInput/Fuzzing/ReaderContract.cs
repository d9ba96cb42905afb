using System.Reflection;
using System.Runtime.ExceptionServices;

namespace CheckpointGen.Runtime.Tests.BadInput.Fuzzing;

/// <summary>
/// The reader's contract on any input: opening, listing, reading every tensor (by copy and
/// zero-copy) and VerifyAll either succeed or throw a <see cref="CheckpointException"/> that
/// names the file and an offset or a tensor. NotSupportedException is allowed only where the
/// API documents it: a tensor that cannot be mapped without a copy, or one with more elements
/// than an array holds.
/// </summary>
internal static class ReaderContract
{
    private static readonly MethodInfo TouchSpanMethod = typeof(ReaderContract).GetMethod(nameof(TouchSpan), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Runs the contract on the checkpoint at <paramref name="path"/>; returns every breach.</summary>
    public static List<Breach> Check(string path, out bool opened)
    {
        var breaches = new List<Breach>();
        opened = false;
        Checkpoint checkpoint;
        try
        {
            checkpoint = Checkpoint.Open(path);
        }
        catch (Exception e)
        {
            Judge("Open", null, e, allowNotSupported: false, breaches);
            return breaches;
        }
        opened = true;
        using (checkpoint)
        {
            Step(breaches, "list", null, false, () => _ = checkpoint.Files.Count + checkpoint.Variables.Sum(v => v.Shape.Rank + v.Slices.Count + v.Name.Length));
            foreach (var variable in checkpoint.Variables)
            {
                var elementType = TensorDataTypes.ElementType(variable.DataType);
                var tooMany = variable.ElementCount > int.MaxValue;
                if (elementType is not null || variable.DataType == TensorDataType.String)
                {
                    Step(breaches, "ReadArray", variable.Name, tooMany, () => checkpoint.ReadArray(variable.Name));
                }
                if (elementType is not null)
                {
                    Step(breaches, "GetSpan", variable.Name, true, () => InvokeTouchSpan(elementType, checkpoint, variable.Name));
                }
            }
            Step(breaches, "VerifyAll", null, false, () =>
            {
                foreach (var problem in checkpoint.VerifyAll())
                {
                    Judge("VerifyAll result", problem.TensorName, problem, false, breaches);
                }
            });
        }
        return breaches;
    }

    private static void Step(List<Breach> breaches, string step, string? tensor, bool allowNotSupported, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            Judge(step, tensor, e, allowNotSupported, breaches);
        }
    }

    private static void Judge(string step, string? tensor, Exception e, bool allowNotSupported, List<Breach> breaches)
    {
        var problem = e switch
        {
            CheckpointException { FilePath: null } => "names no file",
            CheckpointFormatException { Offset: null, TensorName: null } => "names neither an offset nor a tensor",
            CheckpointException => null,
            NotSupportedException when allowNotSupported && IsDocumentedNotSupported(e.Message) => null,
            _ => "is not a CheckpointException",
        };
        if (problem is not null)
        {
            breaches.Add(new Breach(step, tensor, problem, e));
        }
    }

    private static bool IsDocumentedNotSupported(string message) =>
        message.Contains("cannot be accessed without a copy", StringComparison.Ordinal)
        || message.Contains("more than an array or span can hold", StringComparison.Ordinal);

    private static void InvokeTouchSpan(Type elementType, Checkpoint checkpoint, string name)
    {
        try
        {
            TouchSpanMethod.MakeGenericMethod(elementType).Invoke(null, new object[] { checkpoint, name });
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
    }

    /// <summary>Reads the first and last element, so a span that overran its mapping would fault here.</summary>
    private static int TouchSpan<T>(Checkpoint checkpoint, string name)
        where T : unmanaged
    {
        var span = checkpoint.GetSpan<T>(name);
        return span.IsEmpty ? 0 : span[0].GetHashCode() ^ span[^1].GetHashCode();
    }
}
