using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The kernel gradient of a lifted unit op on its own: unit u's row accumulates the pullbacks of samples 0, 1, … in
/// that order — the order of the single-threaded loop that computes both gradients at once — split by units across
/// the kernel threads (<see cref="ChunkedWork"/>). Each thread owns the rows of its units, so the gradient every sample
/// adds to is never shared between threads and any thread count gives the same bits. The pullback's input-gradient
/// output goes to a scratch row and is discarded: the input gradient is <see cref="UnitInputGradientWork{TOp}"/>'s.
/// </summary>
internal sealed class UnitKernelGradientWork<TOp>(TOp op, float[] kernel, float[] inputs, UnitLayout layout, float[] upstream, float[] kernelGradient)
    : ChunkedWork(layout.Units, (long)layout.Samples * layout.CallCost)
    where TOp : struct, IUnitOp
{
    /// <summary>Adds every unit's kernel gradient into the zeroed <paramref name="kernelGradient"/>.</summary>
    public static void Run(TOp op, float[] kernel, float[] inputs, UnitLayout layout, float[] upstream, float[] kernelGradient)
        => new UnitKernelGradientWork<TOp>(op, kernel, inputs, layout, upstream, kernelGradient).Run();

    /// <inheritdoc/>
    protected override void Loop(int start, int length)
    {
        var width = layout.Width;
        Span<float> discarded = width <= 256 ? stackalloc float[width] : new float[width];
        for (var u = start; u < start + length; u++)
        {
            var weights = layout.Weights(kernel, u);
            var dWeights = new Span<float>(kernelGradient, u * layout.WeightsPerUnit, layout.WeightsPerUnit);
            for (var i = 0; i < layout.Samples; i++)
            {
                discarded.Clear(); // never read, but kept from growing without bound
                op.Pullback(weights, layout.Input(inputs, i), upstream[layout.Output(i, u)], dWeights, discarded);
            }
        }
    }
}
