namespace DiffGen.Generated;

/// <summary>The span forms of <c>[TapeOp]</c>: a function of each row (the last axis) of a tensor, one tape node each.</summary>
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
        var source = x.Data;
        var values = TensorBufferPool.RentZeroed(rows);
        for (var i = 0; i < rows; i++)
        {
            values[i] = op.Value(new ReadOnlySpan<float>(source, i * width, width));
        }

        var y = new Tensor(values, shape);
        return TapeRecorder.Record(name, y, [x], (dy, _) =>
        {
            CheckUpstream(name, dy, shape);
            var upstream = dy.Data;
            var input = x.Data; // read through the tensor: a TensorScope may have released it since the forward pass
            var gradient = TensorBufferPool.RentZeroed(input.Length);
            for (var i = 0; i < rows; i++)
            {
                op.Pullback(new ReadOnlySpan<float>(input, i * width, width), upstream[i], new Span<float>(gradient, i * width, width));
            }

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
        var truth = yTrue.Data;
        var predicted = yPred.Data;
        var values = TensorBufferPool.RentZeroed(rows);
        for (var i = 0; i < rows; i++)
        {
            values[i] = op.Value(new ReadOnlySpan<float>(truth, i * width, width), new ReadOnlySpan<float>(predicted, i * width, width));
        }

        var loss = new Tensor(values, shape);
        return TapeRecorder.Record(name, loss, [yTrue, yPred], (dy, _) =>
        {
            CheckUpstream(name, dy, shape);
            var upstream = dy.Data;
            var (labels, predictions) = (yTrue.Data, yPred.Data); // through the tensors: a TensorScope may have released them
            var gradient = TensorBufferPool.RentZeroed(predictions.Length);
            for (var i = 0; i < rows; i++)
            {
                op.Pullback(new ReadOnlySpan<float>(labels, i * width, width), new ReadOnlySpan<float>(predictions, i * width, width), upstream[i], new Span<float>(gradient, i * width, width));
            }

            return [null, FirstOrderOnly(name, new Tensor(gradient, yPred.Shape), yPred, dy)];
        });
    }

    /// <summary>
    /// A layer of units: <c>y[i, u] = op.Value(kernel[u, :], x[i, :])</c> for a kernel of shape (units, k) and inputs
    /// of shape (…, d) → (…, units), recorded as the op <paramref name="name"/>. The backward calls the generated pullback
    /// once per sample and unit, accumulating into the unit's row of the kernel gradient and the sample's row of the
    /// input gradient.
    /// </summary>
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
        var k = kernel.Shape[1];
        var weights = kernel.Data;
        var source = x.Data;
        var values = TensorBufferPool.RentZeroed(rows * units);
        for (var i = 0; i < rows; i++)
        {
            var input = new ReadOnlySpan<float>(source, i * width, width);
            for (var u = 0; u < units; u++)
            {
                values[(i * units) + u] = op.Value(new ReadOnlySpan<float>(weights, u * k, k), input);
            }
        }

        var shape = new Shape([.. leading.Dimensions, units]);
        var y = new Tensor(values, shape);
        return TapeRecorder.Record(name, y, [kernel, x], (dy, needed) =>
        {
            CheckUpstream(name, dy, shape);
            var upstream = dy.Data;
            var (unitWeights, inputs) = (kernel.Data, x.Data); // through the tensors: a TensorScope may have released them
            var kernelGradient = TensorBufferPool.RentZeroed(unitWeights.Length);
            var inputGradient = TensorBufferPool.RentZeroed(inputs.Length);
            for (var i = 0; i < rows; i++)
            {
                var input = new ReadOnlySpan<float>(inputs, i * width, width);
                var dInput = new Span<float>(inputGradient, i * width, width);
                for (var u = 0; u < units; u++)
                {
                    op.Pullback(new ReadOnlySpan<float>(unitWeights, u * k, k), input, upstream[(i * units) + u], new Span<float>(kernelGradient, u * k, k), dInput);
                }
            }

            return [
                needed[0] ? FirstOrderOnly(name, new Tensor(kernelGradient, kernel.Shape), kernel, dy) : null,
                needed[1] ? FirstOrderOnly(name, new Tensor(inputGradient, x.Shape), x, dy) : null,
            ];
        });
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
