using System.Buffers.Binary;
using DiffGen.Onnx.Protobuf;

namespace DiffGen.Onnx;

/// <summary>
/// The ONNX graph being exported: nodes in execution order and the weights they read (initializers). Layer exporters
/// add to it through <see cref="Node"/>, <see cref="Initializer"/> and <see cref="Scalar"/>; every value name is made
/// unique here, so an exporter can name what it adds after its layer (<c>dense_1/MatMul</c>) without checking.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];

    /// <summary>Adds one operator; returns the name of its (single) output, <paramref name="name"/> made unique.</summary>
    /// <param name="opType">The ONNX operator (<c>MatMul</c>, <c>Relu</c>, …) of the default domain.</param>
    /// <param name="name">The node's name and its output's, e.g. <c>dense/MatMul</c>.</param>
    /// <param name="inputs">The names of the values it reads.</param>
    /// <param name="attributes">Its attributes: an <see cref="int"/>/<see cref="long"/> is an INT, an <c>int[]</c>/<c>long[]</c> INTS, a <c>string[]</c> STRINGS, a <see cref="float"/> a FLOAT.</param>
    public string Node(string opType, string name, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes)
    {
        var output = Unique(name);
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(OnnxFields.Node.Input, input);
        }

        node.String(OnnxFields.Node.Output, output).String(OnnxFields.Node.Name, output).String(OnnxFields.Node.OpType, opType);
        foreach (var (attributeName, value) in attributes)
        {
            var attribute = new ProtoWriter().String(OnnxFields.Attribute.Name, attributeName);
            switch (value)
            {
                case int or long:
                    attribute.Int64(OnnxFields.Attribute.I, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)).Int64(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeInt);
                    break;
                case int[] or long[]:
                    attribute.PackedInt64(OnnxFields.Attribute.Ints, ((System.Collections.IEnumerable)value).Cast<object>().Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)))
                        .Int64(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeInts);
                    break;
                case string[] strings:
                    foreach (var text in strings)
                    {
                        attribute.String(OnnxFields.Attribute.Strings, text);
                    }

                    attribute.Int64(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeStrings);
                    break;
                case float f:
                    attribute.Float(OnnxFields.Attribute.F, f).Int64(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeFloat);
                    break;
                default:
                    throw new ArgumentException($"ONNX export: attribute '{attributeName}' of {opType} has an unsupported type {value?.GetType().Name ?? "null"}.", nameof(attributes));
            }

            node.Message(OnnxFields.Node.Attribute, attribute);
        }

        _nodes.Add(node);
        return output;
    }

    /// <summary>Adds a weight as a float32 initializer; returns its name (<paramref name="name"/> made unique).</summary>
    public string Initializer(string name, Tensor value)
    {
        var unique = Unique(name);
        var raw = new byte[value.Size * sizeof(float)];
        var data = value.AsSpan();
        for (var i = 0; i < data.Length; i++)
        {
            // raw_data is little-endian whatever the machine (onnx.proto says so).
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), data[i]);
        }

        _initializers.Add(new ProtoWriter()
            .PackedInt64(OnnxFields.Tensor.Dims, value.Shape.Dimensions.ToArray().Select(d => (long)d))
            .Int64(OnnxFields.Tensor.DataType, OnnxFields.Tensor.Float)
            .String(OnnxFields.Tensor.Name, unique)
            .Bytes(OnnxFields.Tensor.RawData, raw));
        return unique;
    }

    /// <summary>Adds an int64 vector initializer (a shape for <c>Reshape</c>, say); returns its name.</summary>
    public string Int64Initializer(string name, IReadOnlyList<long> values)
    {
        var unique = Unique(name);
        var raw = new byte[values.Count * sizeof(long)];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        _initializers.Add(new ProtoWriter()
            .PackedInt64(OnnxFields.Tensor.Dims, [values.Count])
            .Int64(OnnxFields.Tensor.DataType, OnnxFields.Tensor.Int64)
            .String(OnnxFields.Tensor.Name, unique)
            .Bytes(OnnxFields.Tensor.RawData, raw));
        return unique;
    }

    /// <summary>A float32 scalar constant (rank 0, broadcast by the elementwise operators).</summary>
    public string Scalar(string name, float value) => Initializer(name, Tensor.Scalar(value));

    /// <summary>
    /// The ModelProto: this graph between an input of sample shape <paramref name="inputShape"/> and an output of
    /// sample shape <paramref name="outputShape"/>, both with a leading dynamic dimension named <c>batch</c>.
    /// </summary>
    public byte[] ToModel(string graphName, string input, Shape inputShape, string output, Shape outputShape, int opset, long irVersion)
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
        {
            graph.Message(OnnxFields.Graph.Node, node);
        }

        graph.String(OnnxFields.Graph.Name, graphName);
        foreach (var initializer in _initializers)
        {
            graph.Message(OnnxFields.Graph.Initializer, initializer);
        }

        graph.Message(OnnxFields.Graph.Input, ValueInfo(input, inputShape));
        graph.Message(OnnxFields.Graph.Output, ValueInfo(output, outputShape));

        var model = new ProtoWriter()
            .Int64(OnnxFields.Model.IrVersion, irVersion)
            .String(OnnxFields.Model.ProducerName, "DiffGen")
            .String(OnnxFields.Model.ProducerVersion, typeof(OnnxGraph).Assembly.GetName().Version?.ToString() ?? "0")
            .Message(OnnxFields.Model.Graph, graph)
            .Message(OnnxFields.Model.OpsetImport, new ProtoWriter().String(OnnxFields.OperatorSetId.Domain, "").Int64(OnnxFields.OperatorSetId.Version, opset));
        return model.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The ModelProto with several inputs and outputs, each (name, sample shape) with the dynamic <c>batch</c> dimension
    /// in front, in the order given.
    /// </summary>
    public byte[] ToModel(string graphName, IReadOnlyList<(string Name, Shape Shape)> inputs, IReadOnlyList<(string Name, Shape Shape)> outputs, int opset, long irVersion)
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes)
        {
            graph.Message(OnnxFields.Graph.Node, node);
        }

        graph.String(OnnxFields.Graph.Name, graphName);
        foreach (var initializer in _initializers)
        {
            graph.Message(OnnxFields.Graph.Initializer, initializer);
        }

        foreach (var (name, shape) in inputs)
        {
            graph.Message(OnnxFields.Graph.Input, ValueInfo(name, shape));
        }

        foreach (var (name, shape) in outputs)
        {
            graph.Message(OnnxFields.Graph.Output, ValueInfo(name, shape));
        }

        var model = new ProtoWriter()
            .Int64(OnnxFields.Model.IrVersion, irVersion)
            .String(OnnxFields.Model.ProducerName, "DiffGen")
            .String(OnnxFields.Model.ProducerVersion, typeof(OnnxGraph).Assembly.GetName().Version?.ToString() ?? "0")
            .Message(OnnxFields.Model.Graph, graph)
            .Message(OnnxFields.Model.OpsetImport, new ProtoWriter().String(OnnxFields.OperatorSetId.Domain, "").Int64(OnnxFields.OperatorSetId.Version, opset));
        return model.WrittenSpan.ToArray();
    }

    /// <summary>
    /// An <c>Identity</c> node whose output is exactly <paramref name="reservedName"/> (a graph output reserved with
    /// <see cref="Reserve"/>, which <see cref="Node"/> would rename because it is taken).
    /// </summary>
    public string Output(string reservedName, string value)
    {
        _nodes.Add(new ProtoWriter()
            .String(OnnxFields.Node.Input, value)
            .String(OnnxFields.Node.Output, reservedName)
            .String(OnnxFields.Node.Name, reservedName)
            .String(OnnxFields.Node.OpType, "Identity"));
        return reservedName;
    }

    /// <summary>Reserves <paramref name="name"/> (a graph input, say) so that nothing else is given it.</summary>
    public string Reserve(string name) => Unique(name);

    private static ProtoWriter ValueInfo(string name, Shape sampleShape)
    {
        var shape = new ProtoWriter().Message(OnnxFields.TensorShape.Dim, new ProtoWriter().String(OnnxFields.TensorShape.DimParam, "batch"));
        foreach (var dimension in sampleShape.Dimensions)
        {
            shape.Message(OnnxFields.TensorShape.Dim, new ProtoWriter().Int64(OnnxFields.TensorShape.DimValue, dimension));
        }

        var tensorType = new ProtoWriter().Int64(OnnxFields.TypeProto.ElemType, OnnxFields.Tensor.Float).Message(OnnxFields.TypeProto.Shape, shape);
        return new ProtoWriter()
            .String(OnnxFields.ValueInfo.Name, name)
            .Message(OnnxFields.ValueInfo.Type, new ProtoWriter().Message(OnnxFields.TypeProto.TensorType, tensorType));
    }

    private string Unique(string name)
    {
        var unique = name;
        for (var i = 1; !_names.Add(unique); i++)
        {
            unique = $"{name}_{i}";
        }

        return unique;
    }
}
