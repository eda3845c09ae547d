namespace DiffGen;

/// <summary>
/// NumPy's broadcasting rule: align shapes at the right; two dimensions are compatible when equal or when one is 1,
/// and the result takes the larger. Every elementwise op uses it.
/// </summary>
internal static class Broadcasting
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>, or an error naming <paramref name="op"/> and both shapes.</summary>
    public static Shape Shape(string op, Shape a, Shape b)
    {
        if (a == b)
        {
            return a;
        }

        var rank = Math.Max(a.Rank, b.Rank);
        var dimensions = new int[rank];
        for (var i = 1; i <= rank; i++)
        {
            var da = i <= a.Rank ? a[-i] : 1;
            var db = i <= b.Rank ? b[-i] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {a.ToCompactString()} and {b.ToCompactString()} cannot be broadcast together — dimensions {da} and {db} differ (each must be equal or 1).");
            }

            dimensions[rank - i] = da == 1 ? db : da;
        }

        return new Shape(dimensions);
    }

    /// <summary>Whether <paramref name="shape"/> broadcasts to exactly <paramref name="target"/> (no error when it does not).</summary>
    public static bool BroadcastsTo(Shape shape, Shape target)
    {
        if (shape.Rank > target.Rank)
        {
            return false;
        }

        for (var i = 1; i <= shape.Rank; i++)
        {
            if (shape[-i] != 1 && shape[-i] != target[-i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The broadcast shape of three shapes (for <see cref="Ops.Where"/>).</summary>
    public static Shape Shape(string op, Shape a, Shape b, Shape c) => Shape(op, Shape(op, a, b), c);

    /// <summary>
    /// Element strides of <paramref name="shape"/> seen from the broadcast <paramref name="target"/> shape (same
    /// rank as the target): 0 along the axes where <paramref name="shape"/> is broadcast.
    /// </summary>
    public static int[] Strides(Shape shape, Shape target)
    {
        var strides = new int[target.Rank];
        var stride = 1;
        for (var i = 1; i <= target.Rank; i++)
        {
            var dimension = i <= shape.Rank ? shape[-i] : 1;
            strides[target.Rank - i] = dimension == 1 && target[-i] != 1 ? 0 : stride;
            stride *= dimension;
        }

        return strides;
    }
}
