using System.Runtime.CompilerServices;
namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>TensorFlow's <c>padding</c> attribute.</summary>
public enum Padding
{
    /// <summary>No padding: windows lie wholly inside the input.</summary>
    Valid,

    /// <summary><c>ceil(input / stride)</c> outputs, padded evenly with the extra pad after.</summary>
    Same,

    /// <summary>The pads given (<c>explicit_paddings</c>).</summary>
    Explicit,
}

/// <summary>
/// One spatial axis of a windowed op: TensorFlow's output size and leading pad
/// (GetWindowedOutputSize) for a window of <see cref="Filter"/> taps <see cref="Dilation"/> apart.
/// </summary>
public readonly struct WindowAxis
{
    private WindowAxis(int input, int filter, int stride, int dilation, int padBefore, int output)
    {
        Input = input;
        Filter = filter;
        Stride = stride;
        Dilation = dilation;
        PadBefore = padBefore;
        Output = output;
    }

    /// <summary>Input extent.</summary>
    public int Input { get; }
    /// <summary>Window taps.</summary>
    public int Filter { get; }
    /// <summary>Step between windows.</summary>
    public int Stride { get; }
    /// <summary>Step between taps.</summary>
    public int Dilation { get; }
    /// <summary>Padding before the first input element.</summary>
    public int PadBefore { get; }
    /// <summary>Output extent.</summary>
    public int Output { get; }

    /// <summary>
    /// The axis for <paramref name="padding"/>; <paramref name="padBefore"/> and
    /// <paramref name="padAfter"/> are read for <see cref="Padding.Explicit"/> only.
    /// </summary>
    [MethodImpl(Hot.Path)] // generated code builds each step's geometry per call
    public static WindowAxis Create(string name, int input, int filter, int stride, int dilation, Padding padding, int padBefore = 0, int padAfter = 0)
    {
        if (input <= 0) throw new ArgumentOutOfRangeException(nameof(input), input, $"The input {name} must be positive.");
        if (filter <= 0) throw new ArgumentOutOfRangeException(nameof(filter), filter, $"The filter {name} must be positive.");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"The {name} stride must be positive.");
        if (dilation <= 0) throw new ArgumentOutOfRangeException(nameof(dilation), dilation, $"The {name} dilation must be positive.");
        if (padBefore < 0 || padAfter < 0) throw new ArgumentOutOfRangeException(nameof(padBefore), $"The {name} pads must not be negative.");
        long effective = (long)(filter - 1) * dilation + 1;
        long output;
        long before;
        switch (padding)
        {
            case Padding.Valid:
                output = (input - effective + stride) / stride;
                before = 0;
                break;
            case Padding.Same:
                output = ((long)input + stride - 1) / stride;
                before = Math.Max(0, (output - 1) * stride + effective - input) / 2;
                break;
            case Padding.Explicit:
                output = (input + (long)padBefore + padAfter - effective + stride) / stride;
                before = padBefore;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(padding), padding, "Unknown padding.");
        }
        if (output <= 0)
            throw new ArgumentException($"A {name} window of {effective} (filter {filter}, dilation {dilation}) does not fit an input {name} of {input} with {padding} padding.");
        return new WindowAxis(input, filter, stride, dilation, (int)before, (int)output);
    }

    /// <summary>The input index of tap <paramref name="tap"/> of window <paramref name="output"/>; outside [0, Input) is padding.</summary>
    public int InputIndex(int output, int tap) => output * Stride - PadBefore + tap * Dilation;

    /// <summary>The taps [<paramref name="first"/>, <paramref name="end"/>) of window <paramref name="output"/> that fall inside the input (a contiguous range).</summary>
    public void InsideTaps(int output, out int first, out int end)
    {
        int start = InputIndex(output, 0);
        first = start >= 0 ? 0 : Math.Min(Filter, (-start + Dilation - 1) / Dilation);
        end = start + (Filter - 1) * Dilation < Input ? Filter : Math.Max(first, Math.Min(Filter, (Input - start + Dilation - 1) / Dilation));
    }
}

/// <summary>The two spatial axes of an NHWC convolution or pooling.</summary>
public readonly struct ConvGeometry
{
    /// <summary>Combines the axes.</summary>
    public ConvGeometry(WindowAxis height, WindowAxis width)
    {
        Height = height;
        Width = width;
    }

    /// <summary>H.</summary>
    public WindowAxis Height { get; }

    /// <summary>W.</summary>
    public WindowAxis Width { get; }

    /// <summary>
    /// Geometry from TensorFlow's attributes: <c>strides</c> and <c>dilations</c> as (H, W) pairs,
    /// <c>explicit_paddings</c> as (top, bottom, left, right).
    /// </summary>
    [MethodImpl(Hot.Path)]
    public static ConvGeometry Create(int inputHeight, int inputWidth, int filterHeight, int filterWidth,
        int strideHeight, int strideWidth, Padding padding, int dilationHeight = 1, int dilationWidth = 1,
        int padTop = 0, int padBottom = 0, int padLeft = 0, int padRight = 0) =>
        new(WindowAxis.Create("height", inputHeight, filterHeight, strideHeight, dilationHeight, padding, padTop, padBottom),
            WindowAxis.Create("width", inputWidth, filterWidth, strideWidth, dilationWidth, padding, padLeft, padRight));

    /// <summary>Output pixels per image.</summary>
    public int OutputPixels => Height.Output * Width.Output;

    /// <summary>Input pixels per image.</summary>
    public int InputPixels => Height.Input * Width.Input;
}
