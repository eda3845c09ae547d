using System.Numerics.Tensors;

namespace DiffGen;

public static partial class Ops
{
    /// <summary>tanh x.</summary>
    public static Tensor Tanh(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, TensorPrimitives.Tanh);
        return TapeRecorder.Record("Tanh", y, [x], (dy, _) => [dy * (1f - Square(y))]);
    }

    /// <summary>The logistic function 1 / (1 + e⁻ˣ).</summary>
    public static Tensor Sigmoid(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, TensorPrimitives.Sigmoid);
        return TapeRecorder.Record("Sigmoid", y, [x], (dy, _) => [dy * y * (1f - y)]);
    }

    /// <summary>max(x, 0); its gradient at 0 is 0 (TensorFlow's convention).</summary>
    public static Tensor Relu(Tensor x)
    {
        var y = ElementwiseKernels.Map(x, static (source, destination) => TensorPrimitives.Max(source, 0f, destination));
        return TapeRecorder.Record("Relu", y, [x], (dy, _) => [ReluMask(dy, y)]);
    }

    /// <summary>
    /// exp(x) / Σ exp(x) along <paramref name="axis"/> (the last by default), computed with the maximum subtracted
    /// first so that large logits do not overflow.
    /// </summary>
    public static Tensor Softmax(Tensor x, int axis = -1)
    {
        var y = SoftmaxValues(x, axis, log: false);
        return TapeRecorder.Record("Softmax", y, [x], (dy, _) => [y * (dy - ReduceSum(dy * y, axis, keepDims: true))]);
    }

    /// <summary>log softmax(x) = x − max − log Σ exp(x − max) along <paramref name="axis"/>: never softmax-then-log.</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1)
    {
        var y = SoftmaxValues(x, axis, log: true);
        return TapeRecorder.Record("LogSoftmax", y, [x], (dy, _) => [dy - (Exp(y) * ReduceSum(dy, axis, keepDims: true))]);
    }

    private static Tensor SoftmaxValues(Tensor x, int axis, bool log)
    {
        if (x.Rank == 0)
        {
            throw new ArgumentException($"{(log ? "LogSoftmax" : "Softmax")}: the input is a scalar; it needs at least one axis.", nameof(x));
        }

        var normalized = x.Shape.NormalizeAxis(axis, log ? "LogSoftmax" : "Softmax");
        var shifted = ElementwiseKernels.Binary("Softmax", x, ReductionKernels.Max(x, normalized), BinaryOp.Subtract);
        var exp = ElementwiseKernels.Map(shifted, TensorPrimitives.Exp);
        var sum = ReductionKernels.Sum(exp, normalized);
        return log
            ? ElementwiseKernels.Binary("LogSoftmax", shifted, ElementwiseKernels.Map(sum, TensorPrimitives.Log), BinaryOp.Subtract)
            : ElementwiseKernels.Binary("Softmax", exp, sum, BinaryOp.Divide);
    }
}
