namespace CheckpointGen.Inference.Tests.Reference;

/// <summary>
/// Direct NHWC convolution, depthwise convolution and pooling, one output element at a time, with
/// TensorFlow's padding rules written out here again (not taken from the kernels' geometry).
/// </summary>
internal sealed record NaiveWindows(int Height, int Width, int FilterHeight, int FilterWidth, int Stride, int Dilation, string Padding,
    int PadTop = 0, int PadBottom = 0, int PadLeft = 0, int PadRight = 0)
{
    public (int Out, int Before) Axis(int input, int filter, int before, int after)
    {
        int effective = (filter - 1) * Dilation + 1;
        return Padding switch
        {
            "VALID" => ((input - effective) / Stride + 1, 0),
            "SAME" => ((input + Stride - 1) / Stride, Math.Max(0, ((input + Stride - 1) / Stride - 1) * Stride + effective - input) / 2),
            _ => ((input + before + after - effective) / Stride + 1, before),
        };
    }

    public (int Out, int Before) Rows => Axis(Height, FilterHeight, PadTop, PadBottom);
    public (int Out, int Before) Columns => Axis(Width, FilterWidth, PadLeft, PadRight);

    private IEnumerable<(int Ih, int Iw, int Kh, int Kw)> Taps(int oh, int ow)
    {
        for (int kh = 0; kh < FilterHeight; kh++)
        for (int kw = 0; kw < FilterWidth; kw++)
        {
            int ih = oh * Stride - Rows.Before + kh * Dilation, iw = ow * Stride - Columns.Before + kw * Dilation;
            if (ih >= 0 && ih < Height && iw >= 0 && iw < Width) yield return (ih, iw, kh, kw);
        }
    }

    public float[] Conv(float[] input, int batch, int channels, float[] filter, int outChannels, float[]? bias)
    {
        var output = new float[batch * Rows.Out * Columns.Out * outChannels];
        int o = 0;
        for (int n = 0; n < batch; n++)
        for (int oh = 0; oh < Rows.Out; oh++)
        for (int ow = 0; ow < Columns.Out; ow++)
        for (int oc = 0; oc < outChannels; oc++)
        {
            double sum = bias?[oc] ?? 0;
            foreach (var (ih, iw, kh, kw) in Taps(oh, ow))
                for (int c = 0; c < channels; c++)
                    sum += (double)input[((n * Height + ih) * Width + iw) * channels + c] * filter[((kh * FilterWidth + kw) * channels + c) * outChannels + oc];
            output[o++] = (float)sum;
        }
        return output;
    }

    public float[] Depthwise(float[] input, int batch, int channels, float[] filter, int multiplier, float[]? bias)
    {
        var output = new float[batch * Rows.Out * Columns.Out * channels * multiplier];
        int o = 0;
        for (int n = 0; n < batch; n++)
        for (int oh = 0; oh < Rows.Out; oh++)
        for (int ow = 0; ow < Columns.Out; ow++)
        for (int c = 0; c < channels; c++)
        for (int m = 0; m < multiplier; m++)
        {
            double sum = bias?[c * multiplier + m] ?? 0;
            foreach (var (ih, iw, kh, kw) in Taps(oh, ow))
                sum += (double)input[((n * Height + ih) * Width + iw) * channels + c] * filter[((kh * FilterWidth + kw) * channels + c) * multiplier + m];
            output[o++] = (float)sum;
        }
        return output;
    }

    public float[] Pool(float[] input, int batch, int channels, bool average)
    {
        var output = new float[batch * Rows.Out * Columns.Out * channels];
        int o = 0;
        for (int n = 0; n < batch; n++)
        for (int oh = 0; oh < Rows.Out; oh++)
        for (int ow = 0; ow < Columns.Out; ow++)
        for (int c = 0; c < channels; c++)
        {
            var values = Taps(oh, ow).Select(t => (double)input[((n * Height + t.Ih) * Width + t.Iw) * channels + c]).ToList();
            output[o++] = (float)(average ? values.Average() : values.Max());
        }
        return output;
    }
}
