using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The loops of a lifted per-sample loss over <paramref name="rows"/> samples of <paramref name="width"/> values:
/// <c>output[i] = op.Value(yTrue row i, yPred row i)</c> (forward) or the pullback into row i of a zeroed y_pred
/// gradient (backward), split by rows across the kernel threads when large (<see cref="ChunkedWork"/>); any thread
/// count gives the same bits, each row being written by one call.
/// </summary>
internal sealed class RowwiseLossWork<TOp>(TOp op, float[] labels, float[] predictions, int rows, int width, float[]? upstream, float[] output)
    : ChunkedWork(rows, width)
    where TOp : struct, IRowwiseLossOp
{
    /// <summary>Fills <paramref name="output"/>: the losses when <paramref name="upstream"/> is null, else adds the pullbacks.</summary>
    public static void Run(TOp op, float[] labels, float[] predictions, int rows, int width, float[]? upstream, float[] output)
        => new RowwiseLossWork<TOp>(op, labels, predictions, rows, width, upstream, output).Run();

    /// <inheritdoc/>
    protected override void Loop(int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            var truth = new ReadOnlySpan<float>(labels, i * width, width);
            var predicted = new ReadOnlySpan<float>(predictions, i * width, width);
            if (upstream is null)
            {
                output[i] = op.Value(truth, predicted);
            }
            else
            {
                op.Pullback(truth, predicted, upstream[i], new Span<float>(output, i * width, width));
            }
        }
    }
}
