using System.Runtime.CompilerServices;
namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>What a per-pixel windowed op does with each output pixel and each tap inside the input.</summary>
internal interface IWindowReducer
{
    void Begin(Span<float> pixel);

    /// <summary><paramref name="tap"/>: the input pixel's channels under filter tap (<paramref name="kh"/>, <paramref name="kw"/>).</summary>
    void Tap(Span<float> pixel, ReadOnlySpan<float> tap, int kh, int kw);

    void End(Span<float> pixel, int taps);
}

/// <summary>
/// Visits every output pixel of an NHWC windowed op and the taps of its window inside the input.
/// Generic over a struct reducer, so each op's code is specialized and inlined, with no delegate.
/// </summary>
internal static class WindowWalk
{
    [MethodImpl(Hot.Path)]
    public static void Run<TReducer>(ReadOnlySpan<float> input, int batch, int inChannels, in ConvGeometry geometry, Span<float> output, int outChannels, ref TReducer reducer)
        where TReducer : struct, IWindowReducer
    {
        WindowAxis rows = geometry.Height, columns = geometry.Width;
        int rowLength = columns.Input * inChannels;
        for (int image = 0; image < batch; image++)
        {
            ReadOnlySpan<float> source = input.Slice(image * geometry.InputPixels * inChannels, geometry.InputPixels * inChannels);
            for (int oh = 0; oh < rows.Output; oh++)
            {
                rows.InsideTaps(oh, out int kh0, out int kh1);
                for (int ow = 0; ow < columns.Output; ow++)
                {
                    columns.InsideTaps(ow, out int kw0, out int kw1);
                    Span<float> pixel = output.Slice(((image * rows.Output + oh) * columns.Output + ow) * outChannels, outChannels);
                    reducer.Begin(pixel);
                    for (int kh = kh0; kh < kh1; kh++)
                    {
                        ReadOnlySpan<float> row = source.Slice(rows.InputIndex(oh, kh) * rowLength, rowLength);
                        for (int kw = kw0; kw < kw1; kw++)
                            reducer.Tap(pixel, row.Slice(columns.InputIndex(ow, kw) * inChannels, inChannels), kh, kw);
                    }
                    reducer.End(pixel, (kh1 - kh0) * (kw1 - kw0));
                }
            }
        }
    }
}
