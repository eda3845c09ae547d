namespace DiffGen;

/// <summary>
/// Keras 3's loss reductions (<c>keras.losses.loss.reduce_weighted_values</c>): the names a loss accepts, how sample
/// weights are fitted to the per-sample losses (<c>squeeze_or_expand_to_same_rank</c>, then broadcasting), and the
/// reduction itself.
/// </summary>
public static class LossReduction
{
    /// <summary>The default: the (weighted) sum divided by the number of per-sample values.</summary>
    public const string SumOverBatchSize = "sum_over_batch_size";

    /// <summary>The (weighted) sum.</summary>
    public const string Sum = "sum";

    /// <summary>No reduction: the (weighted) per-sample losses.</summary>
    public const string None = "none";

    /// <summary>The reduction names a loss accepts.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = [SumOverBatchSize, Sum, None];

    internal static string Standardize(string loss, string? reduction) => reduction switch
    {
        null or None => None,
        Sum => Sum,
        SumOverBatchSize => SumOverBatchSize,
        _ => throw new ArgumentException(
            $"{loss}: unknown reduction '{reduction}'; expected one of {string.Join(", ", KnownNames.Select(n => $"\"{n}\""))} (null means \"none\").", nameof(reduction)),
    };

    /// <summary>
    /// Per-sample losses times sample weights, as Keras' <c>reduce_weighted_values</c> multiplies them: a trailing axis
    /// of 1 is squeezed or added by <c>squeeze_or_expand_to_same_rank</c> (so (n,) losses with (n, 1) weights give
    /// (n, 1) weighted losses, as in Keras), and the weights must then broadcast to the losses.
    /// </summary>
    internal static Tensor Weighted(string loss, Tensor values, Tensor weights)
    {
        var (v, w) = LossShapes.SqueezeOrExpand(values.Shape, weights.Shape);
        if (v.Size != values.Shape.Size || !BroadcastsTo(w, v))
        {
            throw new ArgumentException(
                $"{loss}: sampleWeight has shape {weights.Shape.ToCompactString()} but the per-sample losses have shape {values.Shape.ToCompactString()}; give one weight per sample (shape {values.Shape.ToCompactString()}) or a scalar.",
                "sampleWeight");
        }

        return LossShapes.Reshaped(values, v) * LossShapes.Reshaped(weights, w);
    }

    /// <summary>Reduces (weighted) per-sample losses as <paramref name="reduction"/> says; an empty batch sums to 0.</summary>
    internal static Tensor Reduce(Tensor values, string reduction)
    {
        if (reduction == None || values.Rank == 0)
        {
            return values;
        }

        // Keras divides the sum by the number of values (not by the sum of the weights); an empty batch would be
        // 0/0, so it is the (zero) sum.
        return reduction == Sum || values.Size == 0 ? Ops.ReduceSum(values) : Ops.ReduceMean(values);
    }

    private static bool BroadcastsTo(Shape from, Shape to)
    {
        if (from.Rank > to.Rank)
        {
            return false;
        }

        for (var i = 1; i <= from.Rank; i++)
        {
            if (from[-i] != 1 && from[-i] != to[-i])
            {
                return false;
            }
        }

        return true;
    }
}
