namespace DiffGen.Kernels;

/// <summary>The shape and flags of one <see cref="Gemm.Multiply"/> call, after its arguments were checked.</summary>
/// <param name="M">Rows of op(A) and C.</param>
/// <param name="K">Columns of op(A), rows of op(B).</param>
/// <param name="N">Columns of op(B) and C.</param>
/// <param name="TransposeA">A is stored k×m.</param>
/// <param name="TransposeB">B is stored n×k.</param>
/// <param name="Accumulate">C += op(A)·op(B) instead of C = op(A)·op(B).</param>
internal readonly record struct GemmProblem(int M, int K, int N, bool TransposeA, bool TransposeB, bool Accumulate);
