using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The loops of a lifted elementwise op whose body could not be vectorised: <c>output[i] = op.Value(input[i])</c>
/// (forward) or <c>output[i] = op.Pullback(input[i], upstream[i])</c> (backward), one element at a time, split across
/// the kernel threads for large tensors (<see cref="ChunkedWork"/>).
/// </summary>
internal sealed class ElementwiseWork<TOp>(TOp op, float[] input, float[]? upstream, float[] output) : ChunkedWork(output.Length)
    where TOp : struct, IElementwiseOp
{
    /// <summary>Fills <paramref name="output"/>: the values when <paramref name="upstream"/> is null, else the pullbacks.</summary>
    public static void Run(TOp op, float[] input, float[]? upstream, float[] output)
        => new ElementwiseWork<TOp>(op, input, upstream, output).Run();

    /// <inheritdoc/>
    protected override void Loop(int start, int length)
    {
        var destination = output.AsSpan(start, length);
        var source = input.AsSpan(start, length);
        if (upstream is null)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = op.Value(source[i]);
            }
        }
        else
        {
            var seed = upstream.AsSpan(start, length);
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = op.Pullback(source[i], seed[i]);
            }
        }
    }
}
