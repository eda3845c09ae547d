namespace DiffGen;

/// <summary>
/// A weight penalty added to the training loss (Keras' <c>keras.regularizers</c>): <c>l1·Σ|w| + l2·Σw²</c>.
/// <c>new L2()</c> uses Keras' default factor 0.01.
/// </summary>
public class Regularizer
{
    /// <summary>A penalty with both factors.</summary>
    public Regularizer(double l1, double l2)
    {
        if (l1 < 0 || l2 < 0 || double.IsNaN(l1) || double.IsNaN(l2))
        {
            throw new ArgumentOutOfRangeException(nameof(l1), $"Regularizer: factors must be ≥ 0 (got l1 = {l1}, l2 = {l2}).");
        }

        L1Factor = l1;
        L2Factor = l2;
    }

    /// <summary>The factor of Σ|w|.</summary>
    public double L1Factor { get; }

    /// <summary>The factor of Σw².</summary>
    public double L2Factor { get; }

    /// <summary>The penalty for <paramref name="weights"/>, as a scalar tensor a tape differentiates.</summary>
    public Tensor Penalty(Tensor weights)
    {
        Tensor penalty = 0f;
        if (L1Factor > 0)
        {
            penalty += (float)L1Factor * Ops.ReduceSum(Ops.Abs(weights));
        }

        if (L2Factor > 0)
        {
            penalty += (float)L2Factor * Ops.ReduceSum(Ops.Square(weights));
        }

        return penalty;
    }
}

/// <summary>l1·Σ|w| (Keras' default l1 = 0.01).</summary>
public sealed class L1(double l1 = 0.01) : Regularizer(l1, 0);

/// <summary>l2·Σw² (Keras' default l2 = 0.01).</summary>
public sealed class L2(double l2 = 0.01) : Regularizer(0, l2);

/// <summary>l1·Σ|w| + l2·Σw² (Keras' defaults 0 and 0).</summary>
public sealed class L1L2(double l1 = 0, double l2 = 0) : Regularizer(l1, l2);
