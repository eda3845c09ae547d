using DiffGen.Kernels;

namespace DiffGen;

public static partial class Ops
{
    /// <summary>
    /// A dense layer's <c>act(x·kernel + bias)</c> for a matrix x, with act ReLU or linear, as one op: the product is
    /// written into the result and the bias and activation applied there in place. Its pullback is that of
    /// <see cref="MatMul"/> followed by <see cref="BiasActivation"/> — the same ops in the same order, so the same
    /// values — without a tape entry, a tensor and a buffer for the product in between.
    /// </summary>
    internal static Tensor Dense(Tensor x, Tensor kernel, Tensor bias, bool relu)
    {
        if (x.Rank != 2 || kernel.Rank != 2 || x.Shape[1] != kernel.Shape[0] || bias.Rank != 1 || bias.Shape[0] != kernel.Shape[1])
        {
            // The unfused ops throw the errors that name the shapes.
            return BiasActivation(MatMul(x, kernel), bias, relu);
        }

        int m = x.Shape[0], k = x.Shape[1], n = kernel.Shape[1];
        var values = TensorBufferPool.Rent(m * n);
        Gemm.Multiply(x.Data, kernel.Data, values, m, k, n);
        if (values.Length > 0)
        {
            BiasActivationKernels.Forward(values, bias.Data, values, n, relu);
        }

        var y = new Tensor(values, new Shape(m, n));
        return TapeRecorder.Record(relu ? "DenseRelu" : "Dense", y, [x, kernel, bias], (dy, need) =>
        {
            var dz = relu ? ReluMask(dy, y) : dy;
            return
            [
                need[0] ? MatMul(dz, kernel, transposeB: true) : null,
                need[1] ? MatMul(x, dz, transposeA: true) : null,
                need[2] ? SumToLastAxis(dz) : null,
            ];
        });
    }
}
