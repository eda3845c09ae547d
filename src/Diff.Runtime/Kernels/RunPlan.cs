namespace DiffGen;

/// <summary>
/// How a broadcast elementwise op walks memory: the output cut into contiguous runs along the innermost merged axis,
/// with each operand either contiguous over the run or one value repeated (stride 0). Adjacent axes where both
/// operands are broadcast the same way are merged first, so (n, m) + (m,) is n runs of m and (n, m) + (n, m) one run.
/// </summary>
internal sealed class RunPlan
{
    private readonly int[] _outerSizes;
    private readonly int[] _outerStridesA;
    private readonly int[] _outerStridesB;

    private RunPlan(int runLength, bool contiguousA, bool contiguousB, int[] outerSizes, int[] outerStridesA, int[] outerStridesB)
    {
        RunLength = runLength;
        ContiguousA = contiguousA;
        ContiguousB = contiguousB;
        _outerSizes = outerSizes;
        _outerStridesA = outerStridesA;
        _outerStridesB = outerStridesB;
    }

    public int RunLength { get; }

    /// <summary>Whether operand A advances along a run (false: one value repeated).</summary>
    public bool ContiguousA { get; }

    /// <summary>Whether operand B advances along a run.</summary>
    public bool ContiguousB { get; }

    public static RunPlan Create(Shape a, Shape b, Shape output)
    {
        var stridesA = Broadcasting.Strides(a, output);
        var stridesB = Broadcasting.Strides(b, output);

        // Merge axes from the innermost outwards while both operands keep the same broadcast pattern.
        var sizes = new List<int>();
        var mergedA = new List<int>();
        var mergedB = new List<int>();
        for (var axis = output.Rank - 1; axis >= 0; axis--)
        {
            var size = output[axis];
            if (size == 1)
            {
                continue;
            }

            if (sizes.Count > 0
                && (stridesA[axis] == 0) == (mergedA[^1] == 0)
                && (stridesB[axis] == 0) == (mergedB[^1] == 0)
                && (stridesA[axis] == 0 || stridesA[axis] == mergedA[^1] * sizes[^1])
                && (stridesB[axis] == 0 || stridesB[axis] == mergedB[^1] * sizes[^1]))
            {
                sizes[^1] *= size;
                continue;
            }

            sizes.Add(size);
            mergedA.Add(stridesA[axis]);
            mergedB.Add(stridesB[axis]);
        }

        if (sizes.Count == 0)
        {
            return new RunPlan(1, true, true, [], [], []);
        }

        // sizes[0] is the innermost merged axis: the run.
        return new RunPlan(
            sizes[0],
            mergedA[0] != 0,
            mergedB[0] != 0,
            [.. sizes.Skip(1).Reverse()],
            [.. mergedA.Skip(1).Reverse()],
            [.. mergedB.Skip(1).Reverse()]);
    }

    /// <summary>Calls <paramref name="run"/>(offset in A, offset in B, offset in the output, length) for every run, in output order.</summary>
    public void ForEachRun(Action<int, int, int, int> run)
    {
        var rank = _outerSizes.Length;
        var index = new int[rank];
        int offsetA = 0, offsetB = 0, offsetOut = 0;
        while (true)
        {
            run(offsetA, offsetB, offsetOut, RunLength);
            offsetOut += RunLength;

            // Odometer increment of the outer index, innermost outer axis first.
            var axis = rank - 1;
            for (; axis >= 0; axis--)
            {
                index[axis]++;
                offsetA += _outerStridesA[axis];
                offsetB += _outerStridesB[axis];
                if (index[axis] < _outerSizes[axis])
                {
                    break;
                }

                offsetA -= _outerStridesA[axis] * _outerSizes[axis];
                offsetB -= _outerStridesB[axis] * _outerSizes[axis];
                index[axis] = 0;
            }

            if (axis < 0)
            {
                return;
            }
        }
    }
}
