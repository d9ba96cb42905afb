using System.Reflection;
using System.Runtime.CompilerServices;

namespace CheckpointGen.Runtime.Tests.Model;

/// <summary>
/// <see cref="TensorDataTypes"/> answers from the one dtype table (src/Shared/DTypes.cs); these
/// check that its answers agree with each other and with the element types' real sizes.
/// </summary>
public sealed class TensorDataTypesTests
{
    public static TheoryData<TensorDataType> Defined()
    {
        var data = new TheoryData<TensorDataType>();
        foreach (TensorDataType type in Enum.GetValues(typeof(TensorDataType)))
        {
            if (TensorDataTypes.IsDefined(type))
            {
                data.Add(type);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Defined))]
    public void Every_name_parses_back_to_its_type(TensorDataType type)
    {
        Assert.True(TensorDataTypes.TryParse(TensorDataTypes.Name(type), out var parsed));
        Assert.Equal(type, parsed);
        Assert.True(TensorDataTypes.TryParse(TensorDataTypes.Name(type).ToUpperInvariant(), out parsed));
        Assert.Equal(type, parsed);
    }

    [Theory]
    [MemberData(nameof(Defined))]
    public void A_fixed_size_type_reads_as_an_element_type_of_its_size(TensorDataType type)
    {
        var element = TensorDataTypes.ElementType(type);
        if (!TensorDataTypes.IsFixedSize(type))
        {
            Assert.Null(element);
            return;
        }
        Assert.NotNull(element);
        Assert.Equal(TensorDataTypes.ElementSize(type), SizeOf(element));
        Assert.True(TensorDataTypes.CanReadAs(type, element));
    }

    [Theory]
    [MemberData(nameof(Defined))]
    public void Only_float16_and_bfloat16_also_read_as_raw_bits(TensorDataType type)
    {
        var rawBits = type is TensorDataType.Half or TensorDataType.BFloat16;
        var isUShort = TensorDataTypes.ElementType(type) == typeof(ushort);

        Assert.Equal(rawBits || isUShort, TensorDataTypes.CanReadAs(type, typeof(ushort)));
    }

    [Fact]
    public void Unknown_numbers_have_no_name_size_or_element_type()
    {
        var unknown = (TensorDataType)99;

        Assert.Equal("invalid(99)", TensorDataTypes.Name(unknown));
        Assert.Equal(0, TensorDataTypes.ElementSize(unknown));
        Assert.Null(TensorDataTypes.ElementType(unknown));
        Assert.False(TensorDataTypes.TryParse("float99", out _));
    }

    private static int SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf), BindingFlags.Public | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, null)!;
}
