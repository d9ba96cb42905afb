using CheckpointGen.Runtime;

// Writes the float16 and bfloat16 checkpoint the framework consumers compile, with the packed
// runtime's own writer: no TensorFlow fixture has float16 weights with their data.
using var writer = new CheckpointWriter(args[0]);
writer.Add("h", TensorShape.Create(3), TensorData.FromValues(new[] { (Half)1.5f, (Half)(-2f), (Half)0.25f }));
writer.Add("bf", TensorShape.Create(2), TensorData.FromValues(new[] { (BFloat16)3.5f, (BFloat16)(-0.125f) }));
writer.Commit();
