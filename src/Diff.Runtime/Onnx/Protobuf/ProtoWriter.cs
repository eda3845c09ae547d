using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace DiffGen.Onnx.Protobuf;

/// <summary>
/// A minimal Protocol Buffers encoder: just the wire types ONNX's messages use — varints (wire type 0) for integers
/// and enums, fixed32 (wire type 5) for a <c>float</c>, and length-delimited fields (wire type 2) for strings, bytes,
/// packed repeated scalars and nested messages. A nested message is encoded into its own writer first, because its
/// length prefix must precede it. Written by hand rather than with a protobuf library so that the runtime package
/// carries no dependency for a file format it only writes (the encoding is in protobuf's "Encoding" guide).
/// </summary>
internal sealed class ProtoWriter
{
    private const int Varint = 0;
    private const int LengthDelimited = 2;
    private const int Fixed32 = 5;

    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>The bytes written so far: one encoded message.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>An <c>int32</c>, <c>int64</c> or enum field (negative values take ten bytes, as protobuf encodes them).</summary>
    public ProtoWriter Int64(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint((ulong)value);
        return this;
    }

    /// <summary>A <c>float</c> field, little-endian.</summary>
    public ProtoWriter Float(int field, float value)
    {
        Tag(field, Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    /// <summary>A <c>string</c> field, UTF-8.</summary>
    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A <c>bytes</c> field.</summary>
    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>An embedded message field.</summary>
    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.WrittenSpan);

    /// <summary>A repeated <c>int64</c> field, packed (proto3's default encoding, which ONNX readers accept).</summary>
    public ProtoWriter PackedInt64(int field, IEnumerable<long> values)
    {
        var packed = new ProtoWriter();
        foreach (var value in values)
        {
            packed.WriteVarint((ulong)value);
        }

        return Bytes(field, packed.WrittenSpan);
    }

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        _buffer.Advance(length);
    }
}
