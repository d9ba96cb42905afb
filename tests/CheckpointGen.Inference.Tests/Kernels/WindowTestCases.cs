using CheckpointGen.Inference.Kernels.Convolution;
using CheckpointGen.Inference.Tests.Reference;

namespace CheckpointGen.Inference.Tests.Kernels;

/// <summary>Window shapes that reach each padding rule, stride, dilation and edge.</summary>
internal static class WindowTestCases
{
    public static readonly NaiveWindows[] All =
    [
        new(5, 5, 3, 3, 1, 1, "SAME"),
        new(7, 6, 3, 3, 2, 1, "SAME"),
        new(8, 8, 2, 2, 2, 1, "SAME"),
        new(6, 9, 3, 2, 2, 1, "VALID"),
        new(9, 9, 3, 3, 1, 2, "SAME"),
        new(10, 7, 3, 3, 1, 3, "VALID"),
        new(6, 6, 3, 3, 2, 1, "EXPLICIT", 1, 2, 0, 1),
        new(4, 4, 1, 1, 1, 1, "VALID"),
        new(4, 5, 1, 1, 2, 1, "SAME"),
        new(12, 12, 5, 5, 1, 1, "VALID"),
    ];

    public static ConvGeometry Geometry(NaiveWindows w) => ConvGeometry.Create(w.Height, w.Width, w.FilterHeight, w.FilterWidth, w.Stride, w.Stride,
        Enum.Parse<Padding>(w.Padding, ignoreCase: true), w.Dilation, w.Dilation, w.PadTop, w.PadBottom, w.PadLeft, w.PadRight);
}
