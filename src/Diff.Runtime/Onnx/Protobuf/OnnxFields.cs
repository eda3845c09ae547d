namespace DiffGen.Onnx.Protobuf;

/// <summary>
/// The field numbers and enum values of ONNX's <c>onnx.proto</c> (IR version 8) that the exporter writes. Only
/// numbers are needed on the wire; each class mirrors one message of that file, and a field left out here is one the
/// exporter never sets.
/// </summary>
internal static class OnnxFields
{
    /// <summary><c>ModelProto</c>: the file's top-level message.</summary>
    public static class Model
    {
        public const int IrVersion = 1;
        public const int ProducerName = 2;
        public const int ProducerVersion = 3;
        public const int DocString = 6;
        public const int Graph = 7;
        public const int OpsetImport = 8;
    }

    /// <summary><c>OperatorSetIdProto</c>: a domain ("" is the default ONNX domain) and its opset version.</summary>
    public static class OperatorSetId
    {
        public const int Domain = 1;
        public const int Version = 2;
    }

    /// <summary><c>GraphProto</c>.</summary>
    public static class Graph
    {
        public const int Node = 1;
        public const int Name = 2;
        public const int Initializer = 5;
        public const int Input = 11;
        public const int Output = 12;
    }

    /// <summary><c>NodeProto</c>: one operator application.</summary>
    public static class Node
    {
        public const int Input = 1;
        public const int Output = 2;
        public const int Name = 3;
        public const int OpType = 4;
        public const int Attribute = 5;
    }

    /// <summary><c>AttributeProto</c> and its <c>AttributeType</c> enum.</summary>
    public static class Attribute
    {
        public const int Name = 1;
        public const int F = 2;
        public const int I = 3;
        public const int Ints = 8;
        public const int Strings = 9;
        public const int Type = 20;

        public const int TypeFloat = 1;
        public const int TypeInt = 2;
        public const int TypeInts = 7;
        public const int TypeStrings = 8;
    }

    /// <summary><c>TensorProto</c> and the <c>DataType</c> values used.</summary>
    public static class Tensor
    {
        public const int Dims = 1;
        public const int DataType = 2;
        public const int Name = 8;
        public const int RawData = 9;

        public const int Float = 1;
        public const int Int64 = 7;
    }

    /// <summary><c>ValueInfoProto</c>: a graph input's or output's name and type.</summary>
    public static class ValueInfo
    {
        public const int Name = 1;
        public const int Type = 2;
    }

    /// <summary><c>TypeProto</c> (field <c>tensor_type</c>) and <c>TypeProto.Tensor</c>.</summary>
    public static class TypeProto
    {
        public const int TensorType = 1;
        public const int ElemType = 1;
        public const int Shape = 2;
    }

    /// <summary><c>TensorShapeProto</c> and <c>TensorShapeProto.Dimension</c>: a fixed size or a named (dynamic) one.</summary>
    public static class TensorShape
    {
        public const int Dim = 1;
        public const int DimValue = 1;
        public const int DimParam = 2;
    }
}
