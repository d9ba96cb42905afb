namespace CheckpointGen.Runtime;

/// <summary>
/// Decodes a generated class's tensor descriptors from the two string constants the generator
/// writes: a string literal costs the compiler next to nothing, while thousands of constructor
/// calls in one initializer cost seconds. One decoder here, not one printed into every class.
/// </summary>
public static class TensorDescriptorTable
{
    /// <summary>Called by generated code, once per class.</summary>
    /// <param name="count">The number of tensors.</param>
    /// <param name="dataTypes">The distinct data types; <paramref name="data"/> refers to them by index.</param>
    /// <param name="data">Per tensor, comma-terminated integers: data type index, rank, dimensions, offset, byte length, key length, real-name length (0: none).</param>
    /// <param name="names">Each key, then its real name where it differs from the key.</param>
    public static TensorDescriptor[] Decode(int count, TensorDataType[] dataTypes, string data, string names)
    {
        var descriptors = new TensorDescriptor[count];
        var at = 0;
        var name = 0;
        for (var i = 0; i < count; i++)
        {
            var dataType = dataTypes[(int)Next()];
            var shape = new long[Next()];
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = Next();
            }
            var offset = Next();
            var byteLength = Next();
            var keyLength = (int)Next();
            var aliasLength = (int)Next();
            descriptors[i] = new TensorDescriptor(names.Substring(name, keyLength), dataType, shape, offset, byteLength, aliasLength > 0 ? names.Substring(name + keyLength, aliasLength) : null);
            name += keyLength + aliasLength;
        }
        return descriptors;

        long Next()
        {
            var negative = data[at] == '-';
            at += negative ? 1 : 0;
            var value = 0L;
            while (data[at] != ',')
            {
                value = (value * 10) + (data[at++] - '0');
            }
            at++;
            return negative ? -value : value;
        }
    }
}
