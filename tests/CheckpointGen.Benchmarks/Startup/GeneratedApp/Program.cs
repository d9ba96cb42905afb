// Process start to first prediction: the generated Predict on the embedded weights, one input.
var x = new float[784];
for (int i = 0; i < x.Length; i++) x[i] = i * 37 % 101 / 101f;
var y = new float[10];
Models.Network.Embedded.Predict(x, y);
Console.WriteLine($"argmax {Array.IndexOf(y, y.Max())} y0 {y[0]:F3}");
