namespace CheckpointGen.Inference.Graphs;

/// <summary>
/// TensorFlow's ParseExample/ParseExampleV2 for one dense feature: reads the feature's values out of
/// each serialized <c>tf.Example</c> of a batch into a row of the output, as TensorFlow does — a
/// missing feature (or one whose <c>Feature</c> sets no list) takes the default, and is an error
/// without one; the list must be of the model's kind and hold exactly a row's elements; packed and
/// unpacked repeated values are both read; a key listed twice in the feature map takes its last
/// entry (protocol-buffer map semantics). A hand-written, bounded wire reader: it allocates nothing
/// (except the exception for bad input), and each call walks every example once per feature.
/// </summary>
public static class Examples
{
    private const int BytesList = 1;
    private const int FloatList = 2;
    private const int Int64List = 3;

    /// <summary>Parses the float32 feature <paramref name="key"/> of every example into <paramref name="output"/>, row by row.</summary>
    /// <param name="examples">Serialized <c>tf.Example</c> protos, one per batch row.</param>
    /// <param name="key">The feature's key, as bytes.</param>
    /// <param name="defaults">A row's values for an example without the feature; empty: the feature is required.</param>
    /// <param name="output">examples.Length rows of the feature's element count.</param>
    /// <exception cref="ExampleFormatException">An example is malformed, its feature is not a float_list of a row's length, or a required feature is missing.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not a whole number of rows per example, or the defaults are not one row.</exception>
    public static void Dense(ReadOnlySpan<ReadOnlyMemory<byte>> examples, ReadOnlySpan<byte> key, ReadOnlySpan<float> defaults, Span<float> output) =>
        Dense<float, FloatValues>(examples, key, defaults, output);

    /// <summary>Parses the int64 feature <paramref name="key"/> of every example into <paramref name="output"/>, row by row.</summary>
    /// <param name="examples">Serialized <c>tf.Example</c> protos, one per batch row.</param>
    /// <param name="key">The feature's key, as bytes.</param>
    /// <param name="defaults">A row's values for an example without the feature; empty: the feature is required.</param>
    /// <param name="output">examples.Length rows of the feature's element count.</param>
    /// <exception cref="ExampleFormatException">An example is malformed, its feature is not an int64_list of a row's length, or a required feature is missing.</exception>
    /// <exception cref="ArgumentException"><paramref name="output"/> is not a whole number of rows per example, or the defaults are not one row.</exception>
    public static void Dense(ReadOnlySpan<ReadOnlyMemory<byte>> examples, ReadOnlySpan<byte> key, ReadOnlySpan<long> defaults, Span<long> output) =>
        Dense<long, Int64Values>(examples, key, defaults, output);

    private static void Dense<T, TValues>(ReadOnlySpan<ReadOnlyMemory<byte>> examples, ReadOnlySpan<byte> key, ReadOnlySpan<T> defaults, Span<T> output)
        where TValues : struct, IValues<T>
    {
        var values = default(TValues);
        var count = RowLength(examples.Length, output.Length, defaults.Length);
        for (var i = 0; i < examples.Length; i++)
        {
            var example = examples[i].Span;
            var row = output.Slice(i * count, count);
            var (start, end) = Locate(example, i, key, values.Kind);
            if (start < 0)
            {
                Default(defaults, row, i, key, values.Type);
                continue;
            }
            var list = new WireReader(example, start, end, i, key);
            var n = 0;
            while (!list.AtEnd)
            {
                var at = list.Position;
                var (field, wireType) = list.Tag();
                if (field == 1 && wireType == values.WireType)
                {
                    Put(row, n++, values.Read(ref list));
                }
                else if (field == 1 && wireType == WireReader.Delimited)
                {
                    var (s, e) = list.ReadDelimited();
                    if (values.WireType == WireReader.Fixed32 && (e - s) % 4 != 0)
                    {
                        throw list.Fail(s, $"packed {values.Type} values take 4 bytes each; the run has {e - s} bytes");
                    }
                    var packed = list.Inner(s, e);
                    while (!packed.AtEnd)
                    {
                        Put(row, n++, values.Read(ref packed));
                    }
                }
                else
                {
                    throw list.Fail(at, $"a {KindName(values.Kind)} holds field 1 with wire type {values.WireType}, or packed (2); found field {field}, wire type {wireType}");
                }
            }
            Check(n, count, i, key, values.Type);
        }
    }

    /// <summary>
    /// Where the list of <paramref name="key"/>'s feature lies in the example: the contents of its
    /// last feature-map entry's list, or (-1, -1) when there is none (no entry, or a Feature that
    /// sets no list). Walks the whole example, so malformed bytes anywhere are an error, as in TensorFlow.
    /// </summary>
    private static (int Start, int End) Locate(ReadOnlySpan<byte> example, int index, ReadOnlySpan<byte> key, int expected)
    {
        var reader = new WireReader(example, 0, example.Length, index, key);
        (int Start, int End) found = (-1, -1);
        var foundAt = -1;
        while (!reader.AtEnd)
        {
            var at = reader.Position;
            var (field, wireType) = reader.Tag();
            if (field != 1 || wireType != WireReader.Delimited)
            {
                // Example has one field, features; others are unknown fields, skipped as protobuf does.
                reader.Skip(wireType, at);
                continue;
            }
            var (fs, fe) = reader.ReadDelimited();
            // Several `features` fields merge, their maps too: later entries win.
            var features = reader.Inner(fs, fe);
            while (!features.AtEnd)
            {
                var entryAt = features.Position;
                var (entryField, entryType) = features.Tag();
                if (entryField != 1 || entryType != WireReader.Delimited)
                {
                    throw features.Fail(entryAt, $"a Features message holds feature-map entries (field 1, length-delimited); found field {entryField}, wire type {entryType}");
                }
                var (es, ee) = features.ReadDelimited();
                if (Entry(features.Inner(es, ee), example, key) is var value && value.Start >= 0)
                {
                    found = value;
                    foundAt = es;
                }
            }
        }
        return found.Start < 0 ? found : List(new WireReader(example, found.Start, found.End, index, key), foundAt, key, expected);
    }

    /// <summary>The value of a feature-map entry whose key is <paramref name="key"/> (an absent value: an empty Feature), or (-1, -1) for another key.</summary>
    private static (int Start, int End) Entry(WireReader entry, ReadOnlySpan<byte> example, ReadOnlySpan<byte> key)
    {
        (int Start, int End) name = (0, 0), value = (0, 0);
        while (!entry.AtEnd)
        {
            var at = entry.Position;
            var (field, wireType) = entry.Tag();
            if (wireType != WireReader.Delimited || field is not (1 or 2))
            {
                throw entry.Fail(at, $"a feature-map entry holds its key (field 1) and Feature (field 2), both length-delimited; found field {field}, wire type {wireType}");
            }
            if (field == 1)
            {
                name = entry.ReadDelimited();
            }
            else
            {
                value = entry.ReadDelimited();
            }
        }
        return example.Slice(name.Start, name.End - name.Start).SequenceEqual(key) ? value : (-1, -1);
    }

    /// <summary>The list inside a Feature (its last one: the kind is a oneof), checked to be of the <paramref name="expected"/> kind; (-1, -1) when it sets none.</summary>
    private static (int Start, int End) List(WireReader feature, int entryAt, ReadOnlySpan<byte> key, int expected)
    {
        (int Start, int End) list = (-1, -1);
        var kind = 0;
        while (!feature.AtEnd)
        {
            var at = feature.Position;
            var (field, wireType) = feature.Tag();
            if (wireType != WireReader.Delimited || field is not (BytesList or FloatList or Int64List))
            {
                throw feature.Fail(at, $"a Feature holds a bytes_list, float_list or int64_list (fields 1 to 3, length-delimited); found field {field}, wire type {wireType}");
            }
            kind = field;
            list = feature.ReadDelimited();
        }
        if (kind != 0 && kind != expected)
        {
            throw feature.Fail(entryAt, $"the feature '{WireReader.Text(key)}' is a {KindName(kind)}; the model reads it as a {KindName(expected)} (data types don't match)");
        }
        return list;
    }

    private static string KindName(int kind) => kind switch { BytesList => "bytes_list", FloatList => "float_list", _ => "int64_list" };

    /// <summary>Elements per example; checks the output and defaults hold whole rows.</summary>
    private static int RowLength(int examples, int output, int defaults)
    {
        if (examples == 0)
        {
            return 0;
        }
        var count = output / examples;
        if (count * examples != output)
        {
            throw new ArgumentException($"The output of {output} elements is not a whole number of rows for {examples} examples.", nameof(output));
        }
        if (defaults != 0 && defaults != count)
        {
            throw new ArgumentException($"The defaults have {defaults} elements; a row has {count}.", nameof(defaults));
        }
        return count;
    }

    /// <summary>Writes value <paramref name="n"/> of a row if the row has room; the count is checked once the list ends.</summary>
    private static void Put<T>(Span<T> row, int n, T value)
    {
        if (n < row.Length)
        {
            row[n] = value;
        }
    }

    private static void Check(int found, int count, int index, ReadOnlySpan<byte> key, string type)
    {
        if (found != count)
        {
            throw new ExampleFormatException(index, WireReader.Text(key), -1, $"has {found} {type} values; the model reads {count} per example (number of {type} values != expected)");
        }
    }

    private static void Default<T>(ReadOnlySpan<T> defaults, Span<T> row, int index, ReadOnlySpan<byte> key, string type)
    {
        if (defaults.Length == 0 && row.Length > 0)
        {
            throw new ExampleFormatException(index, WireReader.Text(key), -1, $"(data type: {type}) is required but could not be found");
        }
        defaults.CopyTo(row);
    }

    /// <summary>How one list kind's values are read: a struct, so each kind's loop is compiled with its reads inlined.</summary>
    private interface IValues<T>
    {
        int Kind { get; }

        string Type { get; }

        /// <summary>The wire type of one unpacked value.</summary>
        int WireType { get; }

        T Read(ref WireReader reader);
    }

    private readonly struct FloatValues : IValues<float>
    {
        public int Kind => FloatList;

        public string Type => "float";

        public int WireType => WireReader.Fixed32;

        public float Read(ref WireReader reader)
        {
            var bits = reader.ReadFixed32();
            return System.Runtime.CompilerServices.Unsafe.As<uint, float>(ref bits);
        }
    }

    private readonly struct Int64Values : IValues<long>
    {
        public int Kind => Int64List;

        public string Type => "int64";

        public int WireType => WireReader.Varint;

        public long Read(ref WireReader reader) => (long)reader.ReadVarint();
    }
}
