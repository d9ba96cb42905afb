#if NET
// Read by the source generator: float16 tensors of generated classes are System.Half only
// against a runtime build that reads them as Half (see TensorDataTypes.ElementType).
[assembly: System.Reflection.AssemblyMetadata(CheckpointGen.RuntimeFeatures.Half, CheckpointGen.RuntimeFeatures.Offered)]
#endif
