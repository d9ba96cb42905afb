namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// How a data-movement or broadcasting step walks its operands: an N-d index space and, per
/// operand, a start offset and one stride per dimension (0 repeats an element, negative walks
/// backwards), so element <c>(i₀, …, iₙ)</c> of operand k is at <c>offset[k] + Σ iⱼ·stride[k][j]</c>.
/// Transpose, slices, tiling, padding, splitting and NumPy broadcasting are all such walks.
/// Generated code builds one per step, once: the constructor merges dimensions every operand
/// walks contiguously, so a call does only the loops the layout needs.
/// </summary>
public sealed class StridedMap
{
    /// <summary>In <see cref="StridedMap(int[], int[][], int[])"/>'s dims, the first dimension when it is the batch, given per call.</summary>
    public const int Batch = -1;

    private readonly int[] _dims;
    private readonly int[][] _strides;
    private readonly int[] _offsets;

    /// <summary>The strides dimension-major (<c>[d · operands + k]</c>), as <see cref="Advance"/> reads them.</summary>
    private readonly int[] _steps;

    /// <param name="dims">The index space, row-major; the first may be <see cref="Batch"/>.</param>
    /// <param name="strides">Per operand, one stride per dimension.</param>
    /// <param name="offsets">Per operand, the offset of element (0, …, 0).</param>
    /// <exception cref="ArgumentException">The arrays disagree in length, or a dimension other than the first is negative.</exception>
    public StridedMap(int[] dims, int[][] strides, int[] offsets)
    {
        if (dims is null || strides is null || offsets is null) throw new ArgumentNullException(dims is null ? nameof(dims) : strides is null ? nameof(strides) : nameof(offsets));
        if (strides.Length != offsets.Length || strides.Length == 0) throw new ArgumentException($"{strides.Length} stride lists for {offsets.Length} offsets.", nameof(strides));
        for (int d = 0; d < dims.Length; d++)
        {
            if (dims[d] < 0 && !(d == 0 && dims[d] == Batch)) throw new ArgumentException($"Dimension {d} is {dims[d]}; only the first may be the batch.", nameof(dims));
        }
        foreach (var s in strides)
        {
            if (s is null || s.Length != dims.Length) throw new ArgumentException($"Every operand needs {dims.Length} strides.", nameof(strides));
        }
        // Drop dimensions of 1 (they move nothing) and merge a dimension into the one before it
        // when every operand steps over the inner one contiguously. The batch stays its own.
        var kept = new List<int>();
        for (int d = 0; d < dims.Length; d++)
        {
            if (dims[d] != 1 || (d == 0 && dims[d] == Batch)) kept.Add(d);
        }
        var mergedDims = new List<long>();
        var mergedStrides = strides.Select(_ => new List<int>()).ToArray();
        foreach (int d in kept)
        {
            int last = mergedDims.Count - 1;
            bool merge = last >= 0 && mergedDims[last] != Batch && Enumerable.Range(0, strides.Length).All(k => (long)mergedStrides[k][last] == (long)strides[k][d] * dims[d]);
            if (merge)
            {
                mergedDims[last] *= dims[d];
                for (int k = 0; k < strides.Length; k++) mergedStrides[k][last] = strides[k][d];
            }
            else
            {
                mergedDims.Add(dims[d]);
                for (int k = 0; k < strides.Length; k++) mergedStrides[k].Add(strides[k][d]);
            }
        }
        if (mergedDims.Count == 0)
        {
            mergedDims.Add(1);
            foreach (var s in mergedStrides) s.Add(0);
        }
        _dims = mergedDims.Select(d => checked((int)d)).ToArray();
        _strides = mergedStrides.Select(s => s.ToArray()).ToArray();
        _offsets = (int[])offsets.Clone();
        _steps = new int[_dims.Length * _offsets.Length];
        for (int d = 0; d < _dims.Length; d++)
        {
            for (int k = 0; k < _offsets.Length; k++) _steps[d * _offsets.Length + k] = _strides[k][d];
        }
    }

    /// <summary>The operands this map walks.</summary>
    public int Operands => _offsets.Length;

    /// <summary>The elements of the index space at <paramref name="batch"/>.</summary>
    public long Count(int batch)
    {
        long count = 1;
        foreach (int d in _dims) count *= d == Batch ? batch : d;
        return count;
    }

    /// <summary>Checks operand <paramref name="operand"/> of <paramref name="length"/> elements holds every element the walk reaches.</summary>
    /// <exception cref="ArgumentException">It does not.</exception>
    internal void CheckFits(int operand, int length, int batch, string name)
    {
        if (batch < 0 && _dims[0] == Batch) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size is negative.");
        if (Count(batch) == 0) return;
        long low = _offsets[operand], high = _offsets[operand];
        for (int d = 0; d < _dims.Length; d++)
        {
            long span = (long)_strides[operand][d] * ((_dims[d] == Batch ? batch : _dims[d]) - 1);
            if (span < 0) low += span;
            else high += span;
        }
        if (low < 0 || high >= length)
            throw new ArgumentException($"Operand {operand} has {length} elements; the walk reaches elements {low} to {high}.", name);
    }

    /// <summary>The dimensions after merging; a walk's index has <c>Rank - 1</c> entries (the last dimension is the run).</summary>
    internal int Rank => _dims.Length;

    /// <summary>Sets <paramref name="offsets"/> to each operand's offset of the first run; the index starts at zeros.</summary>
    internal void Start(Span<int> index, Span<int> offsets)
    {
        index.Clear();
        _offsets.CopyTo(offsets);
    }

    /// <summary>Moves to the next innermost run, updating each operand's offset; false after the last.</summary>
    internal bool Advance(int batch, Span<int> index, Span<int> offsets)
    {
        int operands = offsets.Length;
        for (int d = _dims.Length - 2; d >= 0; d--)
        {
            int size = _dims[d] == Batch ? batch : _dims[d];
            var steps = new ReadOnlySpan<int>(_steps, d * operands, operands);
            if (++index[d] < size)
            {
                for (int k = 0; k < operands; k++) offsets[k] += steps[k];
                return true;
            }
            for (int k = 0; k < operands; k++) offsets[k] -= steps[k] * (size - 1);
            index[d] = 0;
        }
        return false;
    }

    /// <summary>The length of each innermost run at <paramref name="batch"/>.</summary>
    internal int InnerLength(int batch) => _dims[_dims.Length - 1] == Batch ? batch : _dims[_dims.Length - 1];

    /// <summary>Operand <paramref name="operand"/>'s step within a run.</summary>
    internal int InnerStride(int operand) => _strides[operand][_strides[operand].Length - 1];
}
