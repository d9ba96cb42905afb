using System.Numerics;
using System.Runtime.CompilerServices;
using CheckpointGen.Inference.Kernels.Elementwise;
using CheckpointGen.Inference.Kernels.Gemm;

namespace CheckpointGen.Inference.Kernels.Convolution;

/// <summary>
/// TensorFlow's <c>Conv2D</c> for a 3×3, stride-1, undilated filter by Winograd's F(2×2, 3×3)
/// (Lavin and Gray, 2015): each 2×2 block of output pixels (a tile) comes from its 4×4 input patch
/// with 16 multiplies per input and output channel pair instead of 36. The filter is transformed
/// once, when packed (<c>U = G g Gᵀ</c>), into 16 matrices [I, O] stacked as one
/// <see cref="PackedMatrix"/>. A call, per block of tiles, transforms every tile's patch
/// (<c>V = Bᵀ d B</c>, lanes over the NHWC channels), multiplies each of the 16 [tiles, I]
/// matrices by its [I, O] filter with the GEMM's micro-kernels, and transforms the products back
/// (<c>Y = Aᵀ M A</c>) with the bias and activation. Padding (SAME, VALID, EXPLICIT) reads zeros;
/// a tile past an odd output edge computes pixels that are not stored.
/// </summary>
public static class WinogradConv2D
{
    /// <summary>Transformed positions per tile: the 4×4 patch.</summary>
    private const int Positions = 16;

    /// <summary>
    /// Channel rows of the transformed buffers are padded to this many floats, the widest
    /// <see cref="Vector{T}"/>, so the scratch length a build plans does not depend on the vector
    /// width of the machine that runs it.
    /// </summary>
    private const int ChannelAlignment = 16;

    /// <summary>Floats of transformed inputs and products per block of tiles: 256 KiB, inside L2 with the packed filter streaming past.</summary>
    private const int BlockBudget = 64 * 1024;

    /// <summary>Whether <paramref name="geometry"/> is a convolution this kernel computes: a 3×3 filter, stride 1, dilation 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Supports(in ConvGeometry geometry) =>
        Is3x3Unit(geometry.Height) && Is3x3Unit(geometry.Width);

    private static bool Is3x3Unit(in WindowAxis axis) => axis.Filter == 3 && axis.Stride == 1 && axis.Dilation == 1;

    /// <summary>
    /// Transforms and packs an HWIO [3, 3, <paramref name="inChannels"/>, <paramref name="outChannels"/>]
    /// filter for <see cref="Run"/>: 16 × <paramref name="inChannels"/> rows, computed in double.
    /// </summary>
    public static PackedMatrix PackFilter(ReadOnlySpan<float> filter, int inChannels, int outChannels, KernelIsa? isa = null)
    {
        if (inChannels <= 0) throw new ArgumentOutOfRangeException(nameof(inChannels), inChannels, "Channels must be positive.");
        if (outChannels <= 0) throw new ArgumentOutOfRangeException(nameof(outChannels), outChannels, "Channels must be positive.");
        long needed = 9L * inChannels * outChannels;
        if (filter.Length != needed)
            throw new ArgumentException($"The filter has {filter.Length} elements; [3, 3, {inChannels}, {outChannels}] needs {needed}.", nameof(filter));
        int pair = inChannels * outChannels;
        var transformed = new float[Positions * (long)pair];
        var g = new double[9];
        var t = new double[12];
        for (int ci = 0; ci < pair; ci++)
        {
            for (int tap = 0; tap < 9; tap++) g[tap] = filter[tap * pair + ci];
            // t = G g: rows g0, (g0 + g1 + g2) / 2, (g0 - g1 + g2) / 2, g2 of the 3×3 filter.
            for (int j = 0; j < 3; j++)
            {
                double g0 = g[j], g1 = g[3 + j], g2 = g[6 + j];
                t[j] = g0;
                t[3 + j] = (g0 + g1 + g2) / 2;
                t[6 + j] = (g0 - g1 + g2) / 2;
                t[9 + j] = g2;
            }
            // U = t Gᵀ: the same combination of each row's three columns.
            for (int i = 0; i < 4; i++)
            {
                double t0 = t[3 * i], t1 = t[3 * i + 1], t2 = t[3 * i + 2];
                transformed[(4 * i + 0) * (long)pair + ci] = (float)t0;
                transformed[(4 * i + 1) * (long)pair + ci] = (float)((t0 + t1 + t2) / 2);
                transformed[(4 * i + 2) * (long)pair + ci] = (float)((t0 - t1 + t2) / 2);
                transformed[(4 * i + 3) * (long)pair + ci] = (float)t2;
            }
        }
        return PackedMatrix.Pack(transformed, Positions * inChannels, outChannels, transposed: false, isa);
    }

    /// <summary>The scratch <see cref="Run"/> needs: plan it once with the other buffers. It does not depend on the batch.</summary>
    [MethodImpl(Hot.Path)]
    public static int ScratchLength(in ConvGeometry geometry, int inChannels, int outChannels)
    {
        int inRow = Aligned(inChannels), outRow = Aligned(outChannels);
        return inRow + Positions * TilesPerBlock(geometry, inRow, outRow) * (inRow + outRow);
    }

    /// <summary>Convolves <paramref name="input"/> [batch, H, W, inChannels] into <paramref name="output"/> [batch, OH, OW, filter.Columns].</summary>
    /// <param name="input">NHWC images.</param>
    /// <param name="batch">Images in <paramref name="input"/>.</param>
    /// <param name="inChannels">Channels of <paramref name="input"/>.</param>
    /// <param name="geometry">A geometry <see cref="Supports"/> accepts.</param>
    /// <param name="filter">From <see cref="PackFilter"/>.</param>
    /// <param name="output">NHWC result; overwritten.</param>
    /// <param name="scratch"><see cref="ScratchLength"/> floats.</param>
    /// <param name="bias">Empty, or one value per output channel.</param>
    /// <param name="activation">Applied last; ReLU and ReLU6 inside the output transform.</param>
    [MethodImpl(Hot.Path)]
    public static unsafe void Run(ReadOnlySpan<float> input, int batch, int inChannels, in ConvGeometry geometry, PackedMatrix filter,
        Span<float> output, Span<float> scratch, ReadOnlySpan<float> bias = default, Activation activation = default)
    {
        if (filter is null) throw new ArgumentNullException(nameof(filter));
        if (!Supports(geometry))
            throw new ArgumentException($"Winograd F(2x2, 3x3) computes 3x3 filters at stride 1 and dilation 1, not {geometry.Height.Filter}x{geometry.Width.Filter} at strides ({geometry.Height.Stride}, {geometry.Width.Stride}) and dilations ({geometry.Height.Dilation}, {geometry.Width.Dilation}).", nameof(geometry));
        if (filter.Rows != Positions * inChannels)
            throw new ArgumentException($"The filter has {filter.Rows} rows; a Winograd-transformed filter of {inChannels} input channels has {Positions * inChannels}.", nameof(filter));
        int outChannels = filter.Columns;
        NhwcBuffers.Check(input, batch, inChannels, geometry, output, outChannels);
        NhwcBuffers.CheckBias(bias, outChannels);
        int needed = ScratchLength(geometry, inChannels, outChannels);
        if (scratch.Length < needed)
            throw new ArgumentException($"The scratch has {scratch.Length} elements; this convolution needs {needed}.", nameof(scratch));

        bool fused = activation.IsClamp(out float lo, out float hi);
        var tiles = new TileGrid(geometry);
        int block = TilesPerBlock(geometry, Aligned(inChannels), Aligned(outChannels));
        int total = batch * tiles.PerImage;
        fixed (float* pin = input, pout = output, pscratch = scratch, pbias = bias)
        {
            var call = new Call(pin, inChannels, geometry, tiles, filter, pout, pscratch, block, bias.IsEmpty ? null : pbias, fused, lo, hi);
            for (int first = 0; first < total; first += block)
                call.Block(first, Math.Min(block, total - first));
        }
        if (!fused && activation.Kind != ActivationKind.None)
        {
            var result = output.Slice(0, batch * geometry.OutputPixels * outChannels);
            Activations.Apply(activation, result, result);
        }
    }

    private static int Aligned(int channels) => (channels + ChannelAlignment - 1) / ChannelAlignment * ChannelAlignment;

    /// <summary>One image's tiles (so a batch-1 call is one block when it fits), at most the budget's, in whole micro-kernel row blocks.</summary>
    [MethodImpl(Hot.Path)]
    private static int TilesPerBlock(in ConvGeometry geometry, int inRow, int outRow)
    {
        int rows = GemmKernels.MaxRows;
        int perImage = new TileGrid(geometry).PerImage;
        int budget = Math.Max(rows, BlockBudget / (Positions * (inRow + outRow)) / rows * rows);
        return Math.Min((perImage + rows - 1) / rows * rows, budget);
    }

    /// <summary>The 2×2 output tiles of one image, row-major.</summary>
    private readonly struct TileGrid(ConvGeometry geometry)
    {
        public int Columns { get; } = (geometry.Width.Output + 1) / 2;
        public int PerImage { get; } = (geometry.Height.Output + 1) / 2 * ((geometry.Width.Output + 1) / 2);
    }

    /// <summary>
    /// One convolution's pointers. The scratch holds a row of zeros (the padding's channels), the
    /// transformed inputs V [16][block][inRow] and the products M [16][block][outRow].
    /// </summary>
    private readonly unsafe struct Call
    {
        private readonly float* _input, _output, _zeros, _v, _m, _bias;
        private readonly int _channels, _outChannels, _inRow, _outRow, _block;
        private readonly ConvGeometry _geometry;
        private readonly TileGrid _tiles;
        private readonly PackedMatrix _filter;
        private readonly bool _clamp;
        private readonly float _lo, _hi;

        [MethodImpl(Hot.Path)]
        public Call(float* input, int channels, ConvGeometry geometry, TileGrid tiles, PackedMatrix filter, float* output, float* scratch, int block,
            float* bias, bool clamp, float lo, float hi)
        {
            _input = input;
            _channels = channels;
            _geometry = geometry;
            _tiles = tiles;
            _filter = filter;
            _output = output;
            _outChannels = filter.Columns;
            _inRow = Aligned(channels);
            _outRow = Aligned(filter.Columns);
            _block = block;
            _zeros = scratch;
            _v = scratch + _inRow;
            _m = _v + (long)Positions * block * _inRow;
            _bias = bias;
            _clamp = clamp;
            _lo = lo;
            _hi = hi;
            new Span<float>(_zeros, _inRow).Clear();
        }

        /// <summary>Tiles [first, first + count) of the batch.</summary>
        [MethodImpl(Hot.Path)]
        public void Block(int first, int count)
        {
            float** patch = stackalloc float*[Positions];
            for (int t = 0; t < count; t++)
            {
                Locate(first + t, out int image, out int oh, out int ow);
                Patch(image, oh, ow, patch);
                WinogradTransforms.Input(patch, _channels, _v + (long)t * _inRow, (nint)_block * _inRow);
            }
            for (int position = 0; position < Positions; position++)
            {
                Gemm.Gemm.Run(MatrixA.RowMajor(_v + (long)position * _block * _inRow, _inRow), count, _filter, position * _channels, _channels,
                    _m + (long)position * _block * _outRow, _outRow, null, default);
            }
            float** pixels = stackalloc float*[4];
            for (int t = 0; t < count; t++)
            {
                Locate(first + t, out int image, out int oh, out int ow);
                var geometry = _geometry;
                for (int r = 0; r < 2; r++)
                    for (int c = 0; c < 2; c++)
                    {
                        bool inside = oh + r < geometry.Height.Output && ow + c < geometry.Width.Output;
                        pixels[2 * r + c] = inside ? _output + (((long)image * geometry.Height.Output + oh + r) * geometry.Width.Output + ow + c) * _outChannels : null;
                    }
                WinogradTransforms.Output(_m + (long)t * _outRow, (nint)_block * _outRow, _outChannels, _bias, _clamp, _lo, _hi, pixels);
            }
        }

        /// <summary>Tile <paramref name="tile"/> of the batch: its image and its top-left output pixel.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the optimized Block, not left in tier-0 code
        private void Locate(int tile, out int image, out int oh, out int ow)
        {
            image = tile / _tiles.PerImage;
            int within = tile - image * _tiles.PerImage;
            int row = within / _tiles.Columns;
            oh = 2 * row;
            ow = 2 * (within - row * _tiles.Columns);
        }

        /// <summary>The 16 input pixels of a tile's patch, the row of zeros where it lies in the padding.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Patch(int image, int oh, int ow, float** patch)
        {
            WindowAxis rows = _geometry.Height, columns = _geometry.Width;
            float* imageStart = _input + (long)image * rows.Input * columns.Input * _channels;
            for (int r = 0; r < 4; r++)
            {
                int ih = rows.InputIndex(oh, r);
                for (int c = 0; c < 4; c++)
                {
                    int iw = columns.InputIndex(ow, c);
                    bool inside = (uint)ih < (uint)rows.Input && (uint)iw < (uint)columns.Input;
                    patch[4 * r + c] = inside ? imageStart + ((long)ih * columns.Input + iw) * _channels : _zeros;
                }
            }
        }
    }
}
