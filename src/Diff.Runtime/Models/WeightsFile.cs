using System.Text;

namespace DiffGen;

/// <summary>
/// DiffGen's weights file (<c>*.weights.bin</c>), little-endian:
/// <code>
/// "DGW1"                                   4 bytes, the format and its version
/// int32 layerCount
/// per layer:  string layerName, int32 weightCount
///   per weight: string weightName, int32 rank, int32 dimensions[rank], float32 values[product of dimensions] (row-major)
/// </code>
/// where a string is an int32 byte count followed by UTF-8. Written to a temporary file beside the target, then
/// renamed over it, so a crash never leaves a half-written file.
/// </summary>
internal static class WeightsFile
{
    private static readonly byte[] s_magic = "DGW1"u8.ToArray();

    public sealed record LayerWeights(string Name, IReadOnlyList<(string Name, Tensor Value)> Weights);

    public static void Write(Stream stream, IReadOnlyList<LayerWeights> layers)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(s_magic);
        writer.Write(layers.Count);
        foreach (var layer in layers)
        {
            WriteString(writer, layer.Name);
            writer.Write(layer.Weights.Count);
            foreach (var (name, value) in layer.Weights)
            {
                WriteString(writer, name);
                writer.Write(value.Rank);
                foreach (var dimension in value.Shape.Dimensions)
                {
                    writer.Write(dimension);
                }

                foreach (var element in value.Data)
                {
                    writer.Write(element);
                }
            }
        }
    }

    /// <summary>
    /// Reads a whole weights file. Anything short of a complete, well-formed file — a wrong header, a count or shape
    /// that cannot be, data that ends early, bytes after the last weight — is an <see cref="InvalidDataException"/>
    /// naming <paramref name="source"/>, raised before the caller has anything to apply.
    /// </summary>
    /// <param name="stream">The file's bytes.</param>
    /// <param name="source">The file (or zip entry) named in errors.</param>
    /// <param name="operation">The public call named in errors (<c>LoadWeights</c>, <c>Load</c>).</param>
    public static List<LayerWeights> Read(Stream stream, string source, string operation = "LoadWeights")
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            var magic = reader.ReadBytes(4);
            if (!magic.AsSpan().SequenceEqual(s_magic))
            {
                var hint = magic.AsSpan().StartsWith("PK"u8) ? " It is a zip archive: a whole model saved by Model.Save is read with Model.Load." : "";
                throw new InvalidDataException($"{operation}: {source} is not a DiffGen weights file (it does not start with \"DGW1\").{hint}");
            }

            var layers = new List<LayerWeights>();
            var layerCount = ReadCount(reader, source, operation);
            for (var l = 0; l < layerCount; l++)
            {
                var layerName = ReadString(reader, source, operation);
                var weights = new List<(string, Tensor)>();
                var weightCount = ReadCount(reader, source, operation);
                for (var w = 0; w < weightCount; w++)
                {
                    var name = ReadString(reader, source, operation);
                    var rank = ReadCount(reader, source, operation);
                    var dimensions = new int[rank];
                    for (var d = 0; d < rank; d++)
                    {
                        dimensions[d] = ReadCount(reader, source, operation);
                    }

                    var shape = ShapeOf(dimensions, $"{layerName}/{name}", source, operation);

                    // Checked before allocating, so that a corrupt size cannot ask for gigabytes.
                    Require(stream, (long)shape.Size * sizeof(float), $"the values of weight '{layerName}/{name}' {shape}", source, operation);
                    var values = new float[shape.Size];
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = reader.ReadSingle();
                    }

                    weights.Add((name, new Tensor(values, shape)));
                }

                layers.Add(new LayerWeights(layerName, weights));
            }

            if (stream.CanSeek && stream.Position != stream.Length)
            {
                throw new InvalidDataException($"{operation}: {source} is corrupt: {stream.Length - stream.Position} bytes follow its last weight.");
            }

            return layers;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{operation}: {source} ends before its last weight (truncated file).");
        }
    }

    /// <summary>
    /// Writes through a temporary file renamed over <paramref name="path"/>. The directory must exist: as in Keras,
    /// saving into a missing one is an error (creating it would hide a mistyped path).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write {full}: the directory {directory} does not exist; create it first.");
        }

        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static string ReadString(BinaryReader reader, string source, string operation)
    {
        var length = ReadCount(reader, source, operation);
        Require(reader.BaseStream, length, "a name", source, operation);
        return Encoding.UTF8.GetString(reader.ReadBytes(length));
    }

    private static int ReadCount(BinaryReader reader, string source, string operation)
    {
        var value = reader.ReadInt32();
        return value is >= 0 and <= 1 << 28 ? value : throw new InvalidDataException($"{operation}: {source} is corrupt (a count of {value}).");
    }

    private static Shape ShapeOf(int[] dimensions, string weight, string source, string operation)
    {
        try
        {
            return new Shape(dimensions);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{operation}: {source} is corrupt: weight '{weight}' has an impossible shape ({e.Message})", e);
        }
    }

    /// <summary>Throws the truncation error unless <paramref name="bytes"/> more bytes remain (when the stream knows its length).</summary>
    private static void Require(Stream stream, long bytes, string what, string source, string operation)
    {
        if (stream.CanSeek && stream.Length - stream.Position < bytes)
        {
            throw new InvalidDataException($"{operation}: {source} ends before {what}: {bytes} bytes needed, {stream.Length - stream.Position} left (truncated file).");
        }
    }
}
