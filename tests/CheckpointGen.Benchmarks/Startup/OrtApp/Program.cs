using Microsoft.ML.OnnxRuntime;

// Process start to first prediction: session from model.onnx (beside the executable), one run.
var x = new float[784];
for (int i = 0; i < x.Length; i++) x[i] = i * 37 % 101 / 101f;
var y = new float[10];
using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
using var session = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "model.onnx"), options);
using var input = OrtValue.CreateTensorValueFromMemory(x, [1, 784]);
using var output = OrtValue.CreateTensorValueFromMemory(y, [1, 10]);
using var run = new RunOptions();
session.Run(run, ["x"], [input], ["y"], [output]);
Console.WriteLine($"argmax {Array.IndexOf(y, y.Max())} y0 {y[0]:F3}");
