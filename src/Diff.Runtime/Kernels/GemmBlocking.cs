namespace DiffGen.Kernels;

/// <summary>
/// BLIS-style cache blocking for one micro-kernel shape. The blocked GEMM walks k in blocks of <see cref="KC"/> (a
/// packed B sliver, KC×NR, then stays in L1 while the micro-kernel runs down a column of A panels), and cuts the
/// output into tiles of <see cref="MC"/> rows × <see cref="NC"/> columns (the packed A block of a tile, MC×KC, and its
/// B block, KC×NC, sit in L2). The k-blocks depend only on k, never on the number of threads: that is what keeps the
/// order of every element's reduction, and so its bits, independent of the parallel split.
/// </summary>
/// <param name="MC">Rows of an output tile; a multiple of MR.</param>
/// <param name="KC">Length of a k-block.</param>
/// <param name="NC">Columns of an output tile; a multiple of NR.</param>
internal readonly record struct GemmBlocking(int MC, int KC, int NC);
