namespace DiffGen;

/// <summary>
/// AdamW — Keras 3's <c>keras.optimizers.AdamW</c>: Adam with decoupled weight decay. Each step first shrinks every
/// updated variable, <c>w −= w·weightDecay·lr</c>, then applies the <see cref="Adam"/> rule with the gradient (which
/// the decay does not enter, unlike an L2 penalty in the loss). Leave variables such as biases out with
/// <see cref="Optimizer.ExcludeFromWeightDecay"/>.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Keras' defaults: learning rate 0.001, weight decay 0.004, β₁ 0.9, β₂ 0.999, ε 1e-7.</summary>
    /// <param name="learningRate">The step size.</param>
    /// <param name="weightDecay">The decay per unit learning rate, at least 0.</param>
    /// <param name="beta1">The decay of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">The decay of the second-moment estimate, in [0, 1).</param>
    /// <param name="epsilon">Added to √v for numerical stability; at least 0.</param>
    /// <param name="amsgrad">Whether to use the AMSGrad variant.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is outside its range.</exception>
    public AdamW(double learningRate = 0.001, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false)
        : base("adamw", learningRate, beta1, beta2, epsilon, amsgrad)
    {
        WeightDecay = weightDecay;
    }

    /// <summary>AdamW with a learning rate that follows <paramref name="learningRate"/> (the decay follows it too); the other arguments as above.</summary>
    public AdamW(LearningRateSchedule learningRate, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7, bool amsgrad = false)
        : this(0.001, weightDecay, beta1, beta2, epsilon, amsgrad)
    {
        UseSchedule(learningRate);
    }
}
