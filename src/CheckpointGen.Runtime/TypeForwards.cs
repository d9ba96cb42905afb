using System.Runtime.CompilerServices;
using CheckpointGen.Runtime;
using CheckpointGen.Runtime.Format;

// These types moved to CheckpointGen.Runtime.Accessors so that apps with only embedded weights
// need no protobuf; assemblies compiled against an earlier CheckpointGen.Runtime still find them.
[assembly: TypeForwardedTo(typeof(BFloat16))]
[assembly: TypeForwardedTo(typeof(CheckpointChecksumException))]
[assembly: TypeForwardedTo(typeof(CheckpointException))]
[assembly: TypeForwardedTo(typeof(CheckpointFormatException))]
[assembly: TypeForwardedTo(typeof(CheckpointMismatchException))]
[assembly: TypeForwardedTo(typeof(CheckpointNotFoundException))]
[assembly: TypeForwardedTo(typeof(CheckpointStringTensor))]
[assembly: TypeForwardedTo(typeof(CheckpointTensor<>))]
[assembly: TypeForwardedTo(typeof(Complex64))]
[assembly: TypeForwardedTo(typeof(Crc32C))]
[assembly: TypeForwardedTo(typeof(EmbeddedTensorStorage))]
[assembly: TypeForwardedTo(typeof(TensorDataType))]
[assembly: TypeForwardedTo(typeof(TensorDataTypes))]
[assembly: TypeForwardedTo(typeof(TensorDescriptor))]
[assembly: TypeForwardedTo(typeof(TensorShape))]
[assembly: TypeForwardedTo(typeof(TensorStorage))]
