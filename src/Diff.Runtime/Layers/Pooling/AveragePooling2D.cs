namespace DiffGen;

/// <summary>
/// Keras' <c>AveragePooling2D</c>: the mean of each window, per channel (with <c>"same"</c> padding, over the part of
/// the window inside the input).
/// </summary>
public sealed class AveragePooling2D(Int2? poolSize = null, Int2? strides = null, string padding = "valid", string? name = null)
    : Pooling2D(poolSize, strides, padding, name, "average_pooling2d")
{
    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => Ops.AvgPool2D(inputs, PoolSize.AsTuple(), Strides.AsTuple(), Padding);
}
