namespace DiffGen;

/// <summary>Keras' <c>MaxPooling2D</c>: the maximum of each window, per channel; the gradient goes to the maximum.</summary>
public sealed class MaxPooling2D(Int2? poolSize = null, Int2? strides = null, string padding = "valid", string? name = null)
    : Pooling2D(poolSize, strides, padding, name, "max_pooling2d")
{
    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => Ops.MaxPool2D(inputs, PoolSize.AsTuple(), Strides.AsTuple(), Padding);
}
