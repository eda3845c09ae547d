namespace DiffGen;

/// <summary>The elementwise binary operations <see cref="ElementwiseKernels.Binary"/> runs.</summary>
internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Maximum,
    Minimum,
    Pow,
    Greater,
    GreaterEqual,
    Less,
    LessEqual,
    Equal,
    NotEqual,
}
