using DiffGen.Onnx.Protobuf;

namespace DiffGen.Runtime.Tests.Onnx;

public sealed class ProtoWriterTests
{
    // Byte sequences from protobuf's encoding guide: a tag is (field << 3) | wire type, then the payload.
    [Fact]
    public void Varints_are_little_endian_groups_of_seven_bits() =>
        Assert.Equal(new byte[] { 0x08, 0x96, 0x01 }, new ProtoWriter().Int64(1, 150).WrittenSpan.ToArray());

    [Fact]
    public void A_negative_int64_takes_ten_bytes() =>
        Assert.Equal(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, new ProtoWriter().Int64(1, -1).WrittenSpan.ToArray());

    [Fact]
    public void Strings_and_messages_are_length_delimited() =>
        Assert.Equal(
            new byte[] { 0x1A, 0x05, 0x12, 0x03, 0x61, 0x62, 0x63 },
            new ProtoWriter().Message(3, new ProtoWriter().String(2, "abc")).WrittenSpan.ToArray());

    [Fact]
    public void A_float_is_fixed32_little_endian() =>
        Assert.Equal(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3F }, new ProtoWriter().Float(2, 1f).WrittenSpan.ToArray());

    [Fact]
    public void Repeated_int64_is_packed() =>
        Assert.Equal(new byte[] { 0x0A, 0x03, 0x03, 0x8E, 0x02 }, new ProtoWriter().PackedInt64(1, [3, 270]).WrittenSpan.ToArray());

    [Fact]
    public void A_large_field_number_takes_a_multi_byte_tag() =>
        Assert.Equal(new byte[] { 0xA0, 0x01, 0x02 }, new ProtoWriter().Int64(20, 2).WrittenSpan.ToArray());
}
