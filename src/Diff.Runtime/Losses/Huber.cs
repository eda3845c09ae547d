namespace DiffGen;

/// <summary>
/// The Huber loss — Keras' <c>keras.losses.Huber</c>: with e = y_pred − y_true, <c>½e²</c> where |e| ≤ δ and
/// <c>δ|e| − ½δ²</c> elsewhere, averaged over the last axis per sample. Quadratic near 0, linear for outliers.
/// </summary>
public sealed class Huber : Loss
{
    /// <summary>A Huber loss with threshold <paramref name="delta"/>, named <c>huber_loss</c> unless <paramref name="name"/> says otherwise.</summary>
    /// <param name="delta">δ, where the loss turns linear (Keras' default 1).</param>
    /// <param name="name">The loss's name.</param>
    /// <param name="reduction">Keras' <c>reduction</c>: <c>"sum_over_batch_size"</c> (default), <c>"sum"</c> or <c>"none"</c> (see <see cref="Loss.Reduction"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative or not finite.</exception>
    public Huber(double delta = 1.0, string? name = null, string? reduction = LossReduction.SumOverBatchSize)
        : base(name ?? "huber_loss", reduction)
    {
        Delta = double.IsFinite(delta) && delta >= 0
            ? delta
            : throw new ArgumentOutOfRangeException(nameof(delta), delta, $"{Name}: delta must be a finite number ≥ 0.");
    }

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?>(base.GetConfig()) { ["delta"] = Delta };

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Elementwise(yTrue, yPred);
        var delta = (float)Delta;
        var error = p - t;
        var absError = Ops.Abs(error);
        var quadratic = 0.5f * Ops.Square(error);
        var linear = (delta * absError) - (0.5f * delta * delta);
        return Ops.ReduceMean(Ops.Where(Ops.LessEqual(absError, delta), quadratic, linear), axis: -1);
    }
}
