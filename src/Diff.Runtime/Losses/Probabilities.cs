using System.Globalization;

namespace DiffGen;

/// <summary>
/// What the cross-entropies share: Keras' clipping of probabilities to [ε, 1 − ε] with ε = 1e-7
/// (<c>keras.backend.epsilon()</c>) so that log never sees 0, label smoothing's range, and one-hot rows from class
/// indices.
/// </summary>
internal static class Probabilities
{
    /// <summary>Keras' fuzz factor, 1e-7.</summary>
    public const float Epsilon = 1e-7f;

    /// <summary>1 − 1e-7 rounded to float32 once, as Keras converts the Python double.</summary>
    public const float OneMinusEpsilon = (float)(1 - 1e-7);

    /// <summary>
    /// <paramref name="p"/> clipped to [ε, 1 − ε]. Built from Maximum and Minimum, whose gradients pass inside the
    /// range (ties included) and are 0 outside — TensorFlow's <c>clip_by_value</c>.
    /// </summary>
    public static Tensor Clip(Tensor p) => Ops.Minimum(Ops.Maximum(p, Epsilon), OneMinusEpsilon);

    /// <summary>Checks a label-smoothing factor: Keras documents [0, 1].</summary>
    public static double CheckLabelSmoothing(string loss, double labelSmoothing) =>
        double.IsFinite(labelSmoothing) && labelSmoothing is >= 0 and <= 1
            ? labelSmoothing
            : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, $"{loss}: labelSmoothing must be in [0, 1].");

    /// <summary>
    /// One-hot rows of shape (…, <paramref name="classes"/>) from class indices stored as floats, one per row.
    /// </summary>
    /// <exception cref="ArgumentException">A label is not an integer in [0, classes); the message names it and its sample.</exception>
    public static Tensor OneHot(string loss, Tensor labels, Shape shape, int classes)
    {
        var data = TensorBufferPool.RentZeroed(shape.Size);
        var values = labels.AsSpan();
        for (var i = 0; i < values.Length; i++)
        {
            var label = values[i];
            if (!(label >= 0 && label < classes && label == MathF.Floor(label)))
            {
                var text = label.ToString(CultureInfo.InvariantCulture);
                throw new ArgumentException(label == MathF.Floor(label)
                    ? $"{loss}: label {text} (sample {i}) is outside [0, {classes}): y_pred has {classes} classes."
                    : $"{loss}: label {text} (sample {i}) is not a class index (an integer in [0, {classes})).", "yTrue");
            }

            data[(i * classes) + (int)label] = 1f;
        }

        return new Tensor(data, shape);
    }
}
