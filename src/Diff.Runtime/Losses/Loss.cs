namespace DiffGen;

/// <summary>
/// A loss function — Keras 3's <c>keras.losses.Loss</c>: <see cref="Call(Tensor, Tensor, Tensor?)"/> computes one
/// loss per sample, multiplies by the sample weights if given, and reduces as <see cref="Reduction"/> says —
/// <c>"sum_over_batch_size"</c> (the default: the sum divided by the number of per-sample values, whatever the
/// weights), <c>"sum"</c>, or <c>"none"</c> (the weighted per-sample losses). It is built from <see cref="Ops"/>, so a
/// <see cref="GradientTape"/> differentiates it with respect to the predictions.
/// </summary>
public abstract class Loss
{
    /// <summary>A loss by Keras name: <c>loss: "mse"</c> (see <see cref="Losses.Get"/>).</summary>
    public static implicit operator Loss(string name) => Losses.Get(name);

    /// <summary>A loss called <paramref name="name"/> (the name appears in error messages).</summary>
    /// <param name="name">The loss's name.</param>
    /// <param name="reduction">Keras' <c>reduction</c>: <c>"sum_over_batch_size"</c> (default), <c>"sum"</c> or <c>"none"</c> (null means <c>"none"</c>, as Keras' None).</param>
    /// <exception cref="ArgumentException">The reduction is not one of those.</exception>
    protected Loss(string name, string? reduction = LossReduction.SumOverBatchSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Reduction = LossReduction.Standardize(name, reduction);
    }

    /// <summary>How <see cref="Call(Tensor, Tensor, Tensor?)"/> reduces the per-sample losses: <c>"sum_over_batch_size"</c>, <c>"sum"</c> or <c>"none"</c>.</summary>
    public string Reduction { get; }

    /// <summary>The name: Keras' default for the class (<c>mean_squared_error</c>, …) or the string it was looked up by (<c>mse</c>).</summary>
    public string Name { get; }

    /// <summary>The Keras class name (<c>MeanSquaredError</c>, <c>Huber</c>, …), saved with a compiled model.</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>
    /// The settings that recreate this loss, by Keras' names (Keras <c>get_config()</c>): <c>name</c> and each loss's
    /// own (<c>from_logits</c>, <c>label_smoothing</c>, <c>axis</c>, <c>delta</c>), and <c>reduction</c>. <see cref="Model.Save"/> stores it.
    /// </summary>
    public virtual IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["name"] = Name, ["reduction"] = Reduction };

    /// <summary>
    /// The loss of <paramref name="yPred"/> against <paramref name="yTrue"/>, reduced as <see cref="Reduction"/> says
    /// (by default the mean over the batch of the per-sample losses): a scalar tensor (one value per sample for
    /// <c>"none"</c>), differentiable with respect to <paramref name="yPred"/>. An empty batch gives 0.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not fit this loss (the message names the loss and both shapes), or a label is invalid.</exception>
    public Tensor Call(Tensor yTrue, Tensor yPred) => Call(yTrue, yPred, null);

    /// <summary>
    /// Keras' <c>loss(y_true, y_pred, sample_weight)</c>: the per-sample losses times <paramref name="sampleWeight"/>
    /// (shape (batch,), (batch, 1), a scalar, or the per-sample losses' own shape), then reduced as
    /// <see cref="Reduction"/> says. <c>"sum_over_batch_size"</c> divides the weighted sum by the number of per-sample
    /// values — not by the sum of the weights — exactly as Keras 3 does; <c>"sum"</c> returns the weighted sum;
    /// <c>"none"</c> the weighted per-sample losses.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not fit this loss, or the weights' shape does not fit the per-sample losses (the message names both shapes).</exception>
    public Tensor Call(Tensor yTrue, Tensor yPred, Tensor? sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var values = PerSample(yTrue, yPred);
        if (sampleWeight is not null)
        {
            values = LossReduction.Weighted(Name, values, sampleWeight);
        }

        return LossReduction.Reduce(values, Reduction);
    }

    /// <summary>
    /// One loss per sample (Keras' <c>call</c>, before reduction): for predictions of shape (batch, …, d) a tensor of
    /// shape (batch, …). Implementations check the shapes and build the result from <see cref="Ops"/> so that tapes
    /// record it.
    /// </summary>
    protected abstract Tensor PerSample(Tensor yTrue, Tensor yPred);

    /// <summary>
    /// The shared shape rule of the elementwise losses: <paramref name="yTrue"/> and <paramref name="yPred"/>
    /// reconciled by Keras' <c>squeeze_or_expand_to_same_rank</c> to one shape, with a vector of n samples read as
    /// (n, 1).
    /// </summary>
    private protected (Tensor YTrue, Tensor YPred) Elementwise(Tensor yTrue, Tensor yPred)
    {
        var (t, p, common) = LossShapes.Elementwise(Name, yTrue.Shape, yPred.Shape);
        return (Ops.BroadcastTo(LossShapes.Reshaped(yTrue, t), common), Ops.BroadcastTo(LossShapes.Reshaped(yPred, p), common));
    }
}
