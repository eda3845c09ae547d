using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The span forms of <c>[TapeOp]</c>: a function of each row (the last axis) of a tensor, one tape node each. The loops
/// over rows (and units) run on the kernel threads when large (<see cref="ChunkedWork"/>), each thread writing
/// rows of its own, so results are the same bits whatever the thread count.
/// </summary>
public static partial class LiftedOps
{
    /// <summary>
    /// <c>y[i] = op.Value(x[i, :])</c> for every row of <paramref name="x"/> (its last axis), recorded as the op
    /// <paramref name="name"/>: shape (…, d) → (…). The backward calls the generated pullback once per row with the
    /// row's upstream gradient as the seed, writing into that row of the input's gradient.
    /// </summary>
    public static Tensor Rowwise<TOp>(string name, Tensor x, TOp op)
        where TOp : struct, IRowwiseOp
    {
        ArgumentNullException.ThrowIfNull(x);
        var (rows, width, shape) = RowShape(name, "input", x.Shape);
        var values = TensorBufferPool.Rent(rows); // every row's value is written
        RowwiseWork<TOp>.Run(op, x.Data, rows, width, null, values);

        var y = new Tensor(values, shape);
        return TapeRecorder.Record(name, y, [x], (dy, _) =>
        {
            CheckUpstream(name, dy, shape);
            var upstream = dy.Data;
            var input = x.Data; // read through the tensor: a TensorScope may have released it since the forward pass
            var gradient = TensorBufferPool.RentZeroed(input.Length); // the pullbacks add into it
            RowwiseWork<TOp>.Run(op, input, rows, width, upstream, gradient);

            return [FirstOrderOnly(name, new Tensor(gradient, x.Shape), x, dy)];
        });
    }

    /// <summary>
    /// The per-sample loss <c>loss[i] = op.Value(yTrue[i, :], yPred[i, :])</c> over the last axis, recorded as the op
    /// <paramref name="name"/>: both of shape (…, d) → (…). Differentiable in <paramref name="yPred"/> only:
    /// <paramref name="yTrue"/> is a constant of the op (the method's <c>[NoDerivative]</c> parameter), so its gradient
    /// is null, as for the condition of <see cref="Ops.Where"/>.
    /// </summary>
    public static Tensor RowwiseLoss<TOp>(string name, Tensor yTrue, Tensor yPred, TOp op)
        where TOp : struct, IRowwiseLossOp
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Shape != yPred.Shape)
        {
            throw new ArgumentException($"{name}: y_true has shape {yTrue.Shape} but y_pred has shape {yPred.Shape}; they must match.", nameof(yTrue));
        }

        var (rows, width, shape) = RowShape(name, "y_pred", yPred.Shape);
        var values = TensorBufferPool.Rent(rows); // every sample's loss is written
        RowwiseLossWork<TOp>.Run(op, yTrue.Data, yPred.Data, rows, width, null, values);

        var loss = new Tensor(values, shape);
        return TapeRecorder.Record(name, loss, [yTrue, yPred], (dy, _) =>
        {
            CheckUpstream(name, dy, shape);
            var upstream = dy.Data;
            var (labels, predictions) = (yTrue.Data, yPred.Data); // through the tensors: a TensorScope may have released them
            var gradient = TensorBufferPool.RentZeroed(predictions.Length); // the pullbacks add into it
            RowwiseLossWork<TOp>.Run(op, labels, predictions, rows, width, upstream, gradient);

            return [null, FirstOrderOnly(name, new Tensor(gradient, yPred.Shape), yPred, dy)];
        });
    }

    /// <summary>
    /// A layer of units: <c>y[i, u] = op.Value(kernel[u, :], x[i, :])</c> for a kernel of shape (units, k) and inputs
    /// of shape (…, d) → (…, units), recorded as the op <paramref name="name"/>. The backward calls the generated pullback
    /// once per sample and unit, accumulating into the unit's row of the kernel gradient (over samples, in order) and the
    /// sample's row of the input gradient (over units, in order).
    /// </summary>
    /// <remarks>
    /// Every sample adds to every unit's kernel-gradient row, so a split backward does not share those rows between
    /// threads: one pass split by samples computes the input gradient, another split by units the kernel gradient, each
    /// adding in the single-threaded loop's order (<see cref="UnitInputGradientWork{TOp}"/>,
    /// <see cref="UnitKernelGradientWork{TOp}"/>) — the same bits as that loop. With both gradients needed the two passes
    /// call the pullback twice as often as the one loop, so they are used from three threads on; the kernel gradient
    /// alone (a layer on the model's inputs) is split from two.
    /// </remarks>
    public static Tensor Units<TOp>(string name, Tensor kernel, Tensor x, TOp op)
        where TOp : struct, IUnitOp
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(x);
        if (kernel.Rank != 2)
        {
            throw new ArgumentException($"{name}: the kernel has shape {kernel.Shape}; it needs shape (units, weights per unit).", nameof(kernel));
        }

        var (rows, width, leading) = RowShape(name, "input", x.Shape);
        var units = kernel.Shape[0];
        var layout = new UnitLayout(rows, width, units, kernel.Shape[1]);
        var values = TensorBufferPool.Rent(rows * units); // every [sample, unit] is written
        UnitValuesWork<TOp>.Run(op, kernel.Data, x.Data, layout, values);

        var shape = new Shape([.. leading.Dimensions, units]);
        var y = new Tensor(values, shape);
        return TapeRecorder.Record(name, y, [kernel, x], (dy, needed) =>
        {
            CheckUpstream(name, dy, shape);
            var upstream = dy.Data;
            var (unitWeights, inputs) = (kernel.Data, x.Data); // through the tensors: a TensorScope may have released them
            var (kernelGradient, inputGradient) = UnitGradients(op, unitWeights, inputs, layout, upstream, needed[0], needed[1]);
            return [
                needed[0] ? FirstOrderOnly(name, new Tensor(kernelGradient!, kernel.Shape), kernel, dy) : null,
                needed[1] ? FirstOrderOnly(name, new Tensor(inputGradient!, x.Shape), x, dy) : null,
            ];
        });
    }

    /// <summary>
    /// The kernel and input gradients of a unit op (each null when not wanted): one loop over samples and units on this
    /// thread, or the two passes split across the kernel threads (see <see cref="Units{TOp}"/>) — the same bits either way.
    /// </summary>
    private static (float[]? Kernel, float[]? Input) UnitGradients<TOp>(TOp op, float[] kernel, float[] inputs, UnitLayout layout, float[] upstream, bool wantKernel, bool wantInput)
        where TOp : struct, IUnitOp
    {
        var both = wantKernel && wantInput;
        var work = (long)layout.Samples * layout.Units * layout.CallCost;
        if (!ChunkedWork.WouldSplit(work) || (both && Gemm.MaxDegreeOfParallelism < 3))
        {
            // The pullback adds into both gradients at once; scratch arrays take the one not wanted.
            var kernelGradient = TensorBufferPool.RentZeroed(kernel.Length);
            var inputGradient = TensorBufferPool.RentZeroed(inputs.Length);
            for (var i = 0; i < layout.Samples; i++)
            {
                var input = layout.Input(inputs, i);
                var dInput = new Span<float>(inputGradient, i * layout.Width, layout.Width);
                for (var u = 0; u < layout.Units; u++)
                {
                    var dWeights = new Span<float>(kernelGradient, u * layout.WeightsPerUnit, layout.WeightsPerUnit);
                    op.Pullback(layout.Weights(kernel, u), input, upstream[layout.Output(i, u)], dWeights, dInput);
                }
            }

            return (Keep(kernelGradient, wantKernel), Keep(inputGradient, wantInput));
        }

        float[]? kernelResult = null, inputResult = null;
        if (wantKernel)
        {
            kernelResult = TensorBufferPool.RentZeroed(kernel.Length);
            UnitKernelGradientWork<TOp>.Run(op, kernel, inputs, layout, upstream, kernelResult);
        }

        if (wantInput)
        {
            inputResult = TensorBufferPool.RentZeroed(inputs.Length);
            UnitInputGradientWork<TOp>.Run(op, kernel, inputs, layout, upstream, inputResult);
        }

        return (kernelResult, inputResult);
    }

    /// <summary><paramref name="array"/> when wanted; else null, the array going back to the pool (nothing else holds it).</summary>
    private static float[]? Keep(float[] array, bool wanted)
    {
        if (wanted)
        {
            return array;
        }

        TensorBufferPool.Return(array);
        return null;
    }

    /// <summary>Rows, row width and the result's shape (the input's without its last axis).</summary>
    private static (int Rows, int Width, Shape Shape) RowShape(string name, string what, Shape shape)
    {
        if (shape.Rank == 0)
        {
            throw new ArgumentException($"{name}: the {what} is a scalar; a span op reads rows along the last axis, e.g. shape (n, d).");
        }

        var leading = new Shape(shape.Dimensions[..^1].ToArray());
        return (leading.Size, shape[-1], leading);
    }

    private static void CheckUpstream(string name, Tensor dy, Shape shape)
    {
        if (dy.Shape != shape)
        {
            throw new ArgumentException($"{name}: the upstream gradient has shape {dy.Shape} but the op's output has shape {shape}.", nameof(dy));
        }
    }

    /// <summary>
    /// A span op's gradient, recorded for nested tapes as a node that cannot be differentiated again: the generated
    /// pullback is first order, and an outer tape must not silently see the gradient as a constant.
    /// </summary>
    private static Tensor FirstOrderOnly(string name, Tensor gradient, Tensor input, Tensor dy) =>
        TapeRecorder.Record(name + "Grad", gradient, [input, dy], (_, _) => throw new NotSupportedException(
            $"{name}: a [TapeOp] lifted op has a first-order backward only; a nested GradientTape cannot differentiate its gradient. " +
            "Compose the function from Ops instead where second derivatives are needed."));
}
