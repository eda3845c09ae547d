using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DiffGen.Kernels;

namespace DiffGen.Generated;

/// <summary>
/// The loops of a vectorised lifted elementwise op: eight elements per step through the op's <see cref="Vector256{T}"/>
/// body, split across the kernel threads for large tensors (<see cref="ChunkedWork"/>). A ragged end (fewer than eight
/// elements) goes through the same vector body from a zero-padded copy, so every element is computed by the same code
/// wherever it sits and however many threads ran.
/// </summary>
internal sealed class VectorizedElementwiseWork<TOp>(TOp op, float[] input, float[]? upstream, float[] output) : ChunkedWork(output.Length)
    where TOp : struct, IVectorizedElementwiseOp
{
    private static readonly int Width = Vector256<float>.Count;

    /// <summary>Fills <paramref name="output"/>: the values when <paramref name="upstream"/> is null, else the pullbacks.</summary>
    public static void Run(TOp op, float[] input, float[]? upstream, float[] output)
        => new VectorizedElementwiseWork<TOp>(op, input, upstream, output).Run();

    /// <inheritdoc/>
    protected override void Loop(int start, int length)
    {
        ref var source = ref MemoryMarshal.GetArrayDataReference(input);
        ref var destination = ref MemoryMarshal.GetArrayDataReference(output);
        var end = start + length;
        var i = start;
        if (upstream is null)
        {
            for (; i <= end - Width; i += Width)
            {
                op.Value(Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref destination, (nuint)i);
            }
        }
        else
        {
            ref var seed = ref MemoryMarshal.GetArrayDataReference(upstream);
            for (; i <= end - Width; i += Width)
            {
                op.Pullback(Vector256.LoadUnsafe(ref source, (nuint)i), Vector256.LoadUnsafe(ref seed, (nuint)i)).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        if (i < end)
        {
            Remainder(i, end - i);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Remainder(int start, int count)
    {
        Span<float> lanes = stackalloc float[Width];
        Span<float> seeds = stackalloc float[Width];
        lanes.Clear();
        seeds.Clear();
        input.AsSpan(start, count).CopyTo(lanes);
        Vector256<float> result;
        if (upstream is null)
        {
            result = op.Value(Vector256.Create<float>(lanes));
        }
        else
        {
            upstream.AsSpan(start, count).CopyTo(seeds);
            result = op.Pullback(Vector256.Create<float>(lanes), Vector256.Create<float>(seeds));
        }

        result.CopyTo(lanes);
        lanes[..count].CopyTo(output.AsSpan(start, count));
    }
}
