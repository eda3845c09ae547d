using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The loop of a lifted elementwise op's second-order node: <c>output[i] = op.PullbackTangent(x[i], seed[i],
/// tangent[i])</c>, one element at a time (second derivatives are rarely hot), split across the kernel threads for
/// large tensors (<see cref="ChunkedWork"/>).
/// </summary>
internal sealed class ElementwiseTangentWork<TOp>(TOp op, float[] x, float[] seed, float[] tangent, float[] output) : ChunkedWork(output.Length)
    where TOp : struct, IElementwiseOp
{
    /// <summary>Fills <paramref name="output"/>.</summary>
    public static void Run(TOp op, float[] x, float[] seed, float[] tangent, float[] output)
        => new ElementwiseTangentWork<TOp>(op, x, seed, tangent, output).Run();

    /// <inheritdoc/>
    protected override void Loop(int start, int length)
    {
        var destination = output.AsSpan(start, length);
        var values = x.AsSpan(start, length);
        var seeds = seed.AsSpan(start, length);
        var tangents = tangent.AsSpan(start, length);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = op.PullbackTangent(values[i], seeds[i], tangents[i]);
        }
    }
}
