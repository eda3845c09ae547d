using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The input gradient of a lifted unit op on its own: sample i's row accumulates the pullbacks of units 0, 1, … in
/// that order — the order of the single-threaded loop that computes both gradients at once — split by samples across
/// the kernel threads (<see cref="ChunkedWork"/>). Each thread owns the rows of its samples, so any thread count gives
/// the same bits. The pullback's kernel-gradient output goes to a scratch row and is discarded: the kernel gradient is
/// <see cref="UnitKernelGradientWork{TOp}"/>'s.
/// </summary>
internal sealed class UnitInputGradientWork<TOp>(TOp op, float[] kernel, float[] inputs, UnitLayout layout, float[] upstream, float[] inputGradient)
    : ChunkedWork(layout.Samples, (long)layout.Units * layout.CallCost)
    where TOp : struct, IUnitOp
{
    /// <summary>Adds every sample's input gradient into the zeroed <paramref name="inputGradient"/>.</summary>
    public static void Run(TOp op, float[] kernel, float[] inputs, UnitLayout layout, float[] upstream, float[] inputGradient)
        => new UnitInputGradientWork<TOp>(op, kernel, inputs, layout, upstream, inputGradient).Run();

    /// <inheritdoc/>
    protected override void Loop(int start, int length)
    {
        var k = layout.WeightsPerUnit;
        Span<float> discarded = k <= 256 ? stackalloc float[k] : new float[k];
        for (var i = start; i < start + length; i++)
        {
            var input = layout.Input(inputs, i);
            var dInput = new Span<float>(inputGradient, i * layout.Width, layout.Width);
            for (var u = 0; u < layout.Units; u++)
            {
                discarded.Clear(); // never read, but kept from growing without bound
                op.Pullback(layout.Weights(kernel, u), input, upstream[layout.Output(i, u)], discarded, dInput);
            }
        }
    }
}
