using System.Globalization;
using System.Text;
using CheckpointGen.Tool.Output.Values;

namespace CheckpointGen.Tool.Output.Numpy;

/// <summary>
/// Prints a tensor as <c>print(ndarray)</c> does with numpy's defaults (what TensorFlow's
/// inspect_checkpoint shows): nested brackets, 75-column lines, elements padded to a common
/// width, and above 1000 elements only the first and last 3 items of each long axis around
/// <c>...</c>.
/// </summary>
internal static class NumpyPrinter
{
    private const int LineWidth = 75;
    private const int Threshold = 1000;
    private const int EdgeItems = 3;
    private const string Summary = "...";

    /// <summary>The tensor as numpy's <c>str</c>.</summary>
    public static string Format(TensorValues values)
    {
        var shape = values.Shape;
        if (shape.Count == 0)
        {
            return ScalarText.Format(values, 0);
        }
        if (values.Count == 0)
        {
            return "[]";
        }
        var layout = new Layout(shape, values.Count > Threshold);
        var element = ElementFormat(values, layout.ShownIndices());
        return layout.Render(element);
    }

    /// <summary>numpy's per-dtype formatter, fitted to the elements that will be shown.</summary>
    private static Func<int, string> ElementFormat(TensorValues values, IReadOnlyList<int> shown)
    {
        switch (values)
        {
            case RealValues r:
                var real = new FloatFormat(shown.Select(i => r.Values[i]).ToList(), r.Precision);
                return i => real.Format(r.Values[i]);
            case ComplexValues c:
                var re = new FloatFormat(shown.Select(i => c.Real[i]).ToList(), c.Precision);
                var im = new FloatFormat(shown.Select(i => c.Imaginary[i]).ToList(), c.Precision, plusSign: true);
                return i => re.Format(c.Real[i]) + ImaginaryWithJ(im.Format(c.Imaginary[i]));
            case IntegerValues n:
                var width = shown.Max(i => Text(n.Values[i]).Length);
                return i => Text(n.Values[i]).PadLeft(width);
            case BoolValues b:
                return i => b.Values[i] ? " True" : "False";
            case BytesValues s:
                return i => PythonBytes.Repr(s.Values[i]);
            default:
                throw new ArgumentOutOfRangeException(nameof(values), values.GetType().Name, "no element format");
        }
    }

    private static string Text(Int128 value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>numpy puts the <c>j</c> before the padding of the imaginary part.</summary>
    private static string ImaginaryWithJ(string imaginary)
    {
        var trimmed = imaginary.TrimEnd();
        return trimmed + "j" + new string(' ', imaginary.Length - trimmed.Length);
    }

    /// <summary>numpy's <c>_formatArray</c>: the recursive bracket layout with line wrapping.</summary>
    private sealed class Layout
    {
        private readonly IReadOnlyList<long> _shape;
        private readonly long[] _strides;
        private readonly bool _summarize;

        public Layout(IReadOnlyList<long> shape, bool summarize)
        {
            _shape = shape;
            _summarize = summarize;
            _strides = new long[shape.Count];
            long stride = 1;
            for (var axis = shape.Count - 1; axis >= 0; axis--)
            {
                _strides[axis] = stride;
                stride *= shape[axis];
            }
        }

        /// <summary>The flat indices printed, in order (all of them unless summarizing).</summary>
        public IReadOnlyList<int> ShownIndices()
        {
            var result = new List<int>();
            Collect(0, 0, result);
            return result;
        }

        public string Render(Func<int, string> element) => Recurse(0, 0, " ", LineWidth, element);

        private void Collect(int axis, long offset, List<int> result)
        {
            if (axis == _shape.Count)
            {
                result.Add((int)offset);
                return;
            }
            foreach (var i in Items(axis))
            {
                Collect(axis + 1, offset + (i * _strides[axis]), result);
            }
        }

        /// <summary>The indices shown along an axis: all, or when summarizing a long axis the first and last <see cref="EdgeItems"/>.</summary>
        private IEnumerable<long> Items(int axis)
        {
            var length = _shape[axis];
            var summarize = Summarizes(axis);
            for (long i = 0; i < length; i++)
            {
                if (summarize && i == EdgeItems)
                {
                    i = length - EdgeItems;
                }
                yield return i;
            }
        }

        private bool Summarizes(int axis) => _summarize && _shape[axis] > 2 * EdgeItems;

        private string Recurse(int axis, long offset, string hangingIndent, int width, Func<int, string> element)
        {
            if (axis == _shape.Count)
            {
                return element((int)offset);
            }
            var nextIndent = hangingIndent + " ";
            var length = _shape[axis];
            var summarize = Summarizes(axis);
            var text = new StringBuilder();
            var isLast = axis == _shape.Count - 1;
            var line = new StringBuilder(hangingIndent);
            var rowSeparator = new string('\n', _shape.Count - axis - 1);
            var first = true;
            foreach (var i in Items(axis))
            {
                if (summarize && i == length - EdgeItems)
                {
                    Add(Summary);
                }
                Add(Recurse(axis + 1, offset + (i * _strides[axis]), nextIndent, width - 1, element));
            }
            if (isLast)
            {
                text.Append(line);
            }
            return "[" + text.ToString(hangingIndent.Length, text.Length - hangingIndent.Length) + "]";

            void Add(string item)
            {
                if (isLast)
                {
                    if (!first)
                    {
                        line.Append(' ');
                    }
                    // Wrap before an item that would pass the bracket, unless the line is still empty.
                    if (line.Length + item.Length > width - 1 && line.Length > hangingIndent.Length)
                    {
                        text.Append(line.ToString().TrimEnd()).Append('\n');
                        line.Clear().Append(hangingIndent);
                    }
                    line.Append(item);
                }
                else
                {
                    text.Append(first ? string.Empty : rowSeparator).Append(hangingIndent).Append(item);
                }
                first = false;
            }
        }
    }
}
