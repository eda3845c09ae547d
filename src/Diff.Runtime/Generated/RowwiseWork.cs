using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The loops of a lifted row op over <paramref name="rows"/> rows of <paramref name="width"/> values:
/// <c>output[i] = op.Value(row i)</c> (forward) or <c>op.Pullback(row i, upstream[i], output row i)</c> (backward, into
/// a zeroed gradient), split by rows across the kernel threads when large (<see cref="ChunkedWork"/>). Each row's
/// result is written by one call whichever thread makes it, so any thread count gives the same bits.
/// </summary>
internal sealed class RowwiseWork<TOp>(TOp op, float[] input, int rows, int width, float[]? upstream, float[] output) : ChunkedWork(rows, width)
    where TOp : struct, IRowwiseOp
{
    /// <summary>Fills <paramref name="output"/>: the values when <paramref name="upstream"/> is null, else adds the pullbacks.</summary>
    public static void Run(TOp op, float[] input, int rows, int width, float[]? upstream, float[] output)
        => new RowwiseWork<TOp>(op, input, rows, width, upstream, output).Run();

    /// <inheritdoc/>
    protected override void Loop(int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            var row = new ReadOnlySpan<float>(input, i * width, width);
            if (upstream is null)
            {
                output[i] = op.Value(row);
            }
            else
            {
                op.Pullback(row, upstream[i], new Span<float>(output, i * width, width));
            }
        }
    }
}
