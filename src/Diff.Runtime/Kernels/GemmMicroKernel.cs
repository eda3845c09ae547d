namespace DiffGen.Kernels;

/// <summary>Which register-tile micro-kernel the blocked GEMM runs.</summary>
internal enum GemmKernelKind
{
    /// <summary><see cref="GemmPortableKernel"/>: Vector128 multiply-add, correct on any machine.</summary>
    Portable,

    /// <summary><see cref="GemmAvx2Kernel"/>: 6×16 with Vector256 FMA (16 vector registers).</summary>
    Avx2Fma,

    /// <summary><see cref="GemmAvx512Kernel"/>: 14×32 with Vector512 FMA (32 vector registers).</summary>
    Avx512,
}

/// <summary>
/// A register-tile micro-kernel: <c>C[MR×NR] (+)= Ap·Bp</c> over one k-block, where Ap is a packed panel of MR rows
/// (for each p, its MR values of column p side by side) and Bp a packed sliver of NR columns (for each p, its NR
/// values of row p side by side). The kernel keeps the whole MR×NR tile of C in registers for the length of the
/// block and touches C once at the end. Implemented by structs so that <see cref="GemmBlocked{TKernel}"/> is
/// specialised per kernel by the JIT: no virtual call, and MR/NR are constants in the loops around it.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of the register tile (rows of a packed A panel).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile (columns of a packed B sliver).</summary>
    static abstract int NR { get; }

    /// <summary>Cache blocking for this tile shape.</summary>
    static abstract GemmBlocking Blocking { get; }

    /// <summary>
    /// For p in 0..kc in order: acc[i, j] = fma(a[p·MR + i], b[p·NR + j], acc[i, j]) from acc = 0; then
    /// C[i, j] = acc[i, j] when <paramref name="overwrite"/>, else C[i, j] = C[i, j] + acc[i, j], for i &lt; rows, j &lt; cols.
    /// Every element's arithmetic is this sequence whatever its place in the tile, so edge tiles and full tiles agree.
    /// </summary>
    static abstract void Run(int kc, float* a, float* b, float* c, int ldc, int rows, int cols, bool overwrite);
}
