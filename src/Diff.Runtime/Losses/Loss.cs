namespace DiffGen;

/// <summary>
/// A loss function — Keras 3's <c>keras.losses.Loss</c> with its default reduction <c>"sum_over_batch_size"</c>:
/// <see cref="Call"/> computes one loss per sample and returns their mean, a scalar. It is built from
/// <see cref="Ops"/>, so a <see cref="GradientTape"/> differentiates it with respect to the predictions.
/// </summary>
public abstract class Loss
{
    /// <summary>A loss by Keras name: <c>loss: "mse"</c> (see <see cref="Losses.Get"/>).</summary>
    public static implicit operator Loss(string name) => Losses.Get(name);

    /// <summary>A loss called <paramref name="name"/> (the name appears in error messages).</summary>
    protected Loss(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name: Keras' default for the class (<c>mean_squared_error</c>, …) or the string it was looked up by (<c>mse</c>).</summary>
    public string Name { get; }

    /// <summary>The Keras class name (<c>MeanSquaredError</c>, <c>Huber</c>, …), saved with a compiled model.</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>
    /// The settings that recreate this loss, by Keras' names (Keras <c>get_config()</c>): <c>name</c> and each loss's
    /// own (<c>from_logits</c>, <c>label_smoothing</c>, <c>axis</c>, <c>delta</c>). <see cref="Model.Save"/> stores it.
    /// </summary>
    public virtual IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["name"] = Name };

    /// <summary>
    /// The mean over the batch of the per-sample losses of <paramref name="yPred"/> against <paramref name="yTrue"/>:
    /// a scalar tensor, differentiable with respect to <paramref name="yPred"/>. An empty batch gives 0.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not fit this loss (the message names the loss and both shapes), or a label is invalid.</exception>
    public Tensor Call(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var perSample = PerSample(yTrue, yPred);

        // Keras sums and divides by the number of per-sample values; an empty batch would be 0/0, so it is the (zero) sum.
        return perSample.Size == 0 ? Ops.ReduceSum(perSample) : Ops.ReduceMean(perSample);
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
