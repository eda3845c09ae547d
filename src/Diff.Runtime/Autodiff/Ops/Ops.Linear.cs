using DiffGen.Kernels;

namespace DiffGen;

public static partial class Ops
{
    /// <summary>
    /// The matrix product op(a)·op(b) of two matrices, where op transposes when asked (<c>tf.linalg.matmul</c> with
    /// <c>transpose_a</c>/<c>transpose_b</c>); the transposes cost nothing, the GEMM reads the operands either way.
    /// </summary>
    /// <exception cref="ArgumentException">An operand is not 2-D, or the inner dimensions differ.</exception>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2)
        {
            throw new ArgumentException($"MatMul: {a.Shape.ToCompactString()} × {b.Shape.ToCompactString()} — both operands must be 2-D matrices (ranks {a.Rank} and {b.Rank}).");
        }

        int m = transposeA ? a.Shape[1] : a.Shape[0], k = transposeA ? a.Shape[0] : a.Shape[1];
        int kb = transposeB ? b.Shape[1] : b.Shape[0], n = transposeB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
        {
            var transposes = (transposeA ? "ᵀ" : string.Empty, transposeB ? "ᵀ" : string.Empty);
            throw new ArgumentException($"MatMul: {a.Shape.ToCompactString()}{transposes.Item1} × {b.Shape.ToCompactString()}{transposes.Item2} — inner dimensions {k} and {kb} differ.");
        }

        // Every element is written (accumulate: false ignores C's old contents): no need to clear it first.
        var result = TensorBufferPool.Rent(m * n);
        Gemm.Multiply(a.Data, b.Data, result, m, k, n, transposeA, transposeB);
        var y = new Tensor(result, new Shape(m, n));

        // y = op(A)·op(B): dA and dB follow from dY = ∂L/∂y without materialising a transpose.
        return TapeRecorder.Record("MatMul", y, [a, b], (dy, need) => (transposeA, transposeB) switch
        {
            (false, false) => [need[0] ? MatMul(dy, b, transposeB: true) : null, need[1] ? MatMul(a, dy, transposeA: true) : null],
            (true, false) => [need[0] ? MatMul(b, dy, transposeB: true) : null, need[1] ? MatMul(a, dy) : null],
            (false, true) => [need[0] ? MatMul(dy, b) : null, need[1] ? MatMul(dy, a, transposeA: true) : null],
            (true, true) => [need[0] ? MatMul(b, dy, true, true) : null, need[1] ? MatMul(dy, a, true, true) : null],
        });
    }

    /// <summary>
    /// The axes permuted: element [i₀, i₁, …] of the result is element [i_perm⁻¹…] of x, i.e. result axis j is x's
    /// axis <c>perm[j]</c>. Without <paramref name="perm"/> the axes are reversed (a matrix is transposed).
    /// </summary>
    public static Tensor Transpose(Tensor x, int[]? perm = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var rank = x.Rank;
        perm ??= [.. Enumerable.Range(0, rank).Reverse()];
        if (perm.Length != rank || perm.Distinct().Count() != rank || perm.Any(p => p < 0 || p >= rank))
        {
            throw new ArgumentException($"Transpose: [{string.Join(", ", perm)}] is not a permutation of the {rank} axes of {x.Shape.ToCompactString()}.", nameof(perm));
        }

        var y = TransposeValues(x, perm);
        var inverse = new int[rank];
        for (var j = 0; j < rank; j++)
        {
            inverse[perm[j]] = j;
        }

        return TapeRecorder.Record("Transpose", y, [x], (dy, _) => [Transpose(dy, inverse)]);
    }

    private static Tensor TransposeValues(Tensor x, int[] perm)
    {
        var rank = x.Rank;
        var shape = new Shape([.. perm.Select(p => x.Shape[p])]);
        var result = TensorBufferPool.Rent(x.Size);
        if (rank == 2 && perm[0] == 1)
        {
            int rows = x.Shape[0], columns = x.Shape[1];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < columns; j++)
                {
                    result[(j * rows) + i] = x.Data[(i * columns) + j];
                }
            }

            return new Tensor(result, shape);
        }

        // General case: walk the result in order, moving through x with x's strides permuted.
        var sourceStrides = perm.Select(p => x.Shape.Stride(p)).ToArray();
        var index = new int[rank];
        var offset = 0;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = x.Data[offset];
            for (var axis = rank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                offset += sourceStrides[axis];
                if (index[axis] < shape[axis])
                {
                    break;
                }

                offset -= sourceStrides[axis] * shape[axis];
                index[axis] = 0;
            }
        }

        return new Tensor(result, shape);
    }
}
