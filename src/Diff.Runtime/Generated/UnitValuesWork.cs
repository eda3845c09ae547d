using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The forward of a lifted unit op: <c>output[i, u] = op.Value(kernel row u, input row i)</c>, split by samples across
/// the kernel threads when large (<see cref="ChunkedWork"/>); each output is written once, so any thread count gives
/// the same bits.
/// </summary>
internal sealed class UnitValuesWork<TOp>(TOp op, float[] kernel, float[] inputs, UnitLayout layout, float[] output)
    : ChunkedWork(layout.Samples, (long)layout.Units * layout.CallCost)
    where TOp : struct, IUnitOp
{
    /// <summary>Fills <paramref name="output"/>, (samples, units).</summary>
    public static void Run(TOp op, float[] kernel, float[] inputs, UnitLayout layout, float[] output)
        => new UnitValuesWork<TOp>(op, kernel, inputs, layout, output).Run();

    /// <inheritdoc/>
    protected override void Loop(int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            var input = layout.Input(inputs, i);
            for (var u = 0; u < layout.Units; u++)
            {
                output[layout.Output(i, u)] = op.Value(layout.Weights(kernel, u), input);
            }
        }
    }
}
