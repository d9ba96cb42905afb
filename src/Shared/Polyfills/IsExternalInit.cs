#if !NET
namespace System.Runtime.CompilerServices;

/// <summary>Lets netstandard2.0 builds use records and init accessors.</summary>
internal static class IsExternalInit
{
}
#endif
